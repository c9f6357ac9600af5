package conformance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// firefox drives Debian's Firefox ESR in its headless mode.
//
//   - Hosts: the jail's /etc/hosts. Not network.dns.forceResolve: Firefox
//     reuses a cached preflight only while its DNS cache holds the host
//     (ENGINES.md), and the pref bypasses that cache.
//   - Trust: the run's CA added with certutil to the profile's cert9.db.
//   - Clock: none (see fakeClock).
//   - Prefs (user.js): no telemetry, updates, first-run pages, captive-portal
//     or connectivity checks, safe browsing, remote settings or DoH; cookie
//     behaviour is left at its default, since third-party cookies are under
//     test.
type firefox struct {
	profile string // template profile
}

const firefoxBinary = "/usr/lib/firefox-esr/firefox-esr"

func (*firefox) name() string { return "firefox" }

// fakeClock: Firefox ESR 153 does not start under libfaketime (it hangs
// before loading the page; see doc.go for what was tried), so long advances
// are waited for in real time up to Options.MaxRealWait, and vectors with
// longer ones are skipped for Firefox.
func (*firefox) fakeClock() bool { return false }
func (*firefox) teardown()       {}

func (*firefox) version(ctx context.Context) (string, error) {
	out, err := runQuiet(ctx, versionTimeout, nil, firefoxBinary, "--version")
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(firstLine(out), "Mozilla Firefox "), nil
}

// firefoxPrefs are written to every profile's user.js.
var firefoxPrefs = map[string]any{
	"app.normandy.enabled":                            false,
	"app.shield.optoutstudies.enabled":                false,
	"app.update.auto":                                 false,
	"app.update.enabled":                              false,
	"browser.aboutwelcome.enabled":                    false,
	"browser.discovery.enabled":                       false,
	"browser.newtabpage.enabled":                      false,
	"browser.ping-centre.telemetry":                   false,
	"browser.safebrowsing.blockedURIs.enabled":        false,
	"browser.safebrowsing.downloads.enabled":          false,
	"browser.safebrowsing.malware.enabled":            false,
	"browser.safebrowsing.phishing.enabled":           false,
	"browser.safebrowsing.provider.google.updateURL":  "",
	"browser.safebrowsing.provider.google4.updateURL": "",
	"browser.search.update":                           false,
	"browser.sessionstore.resume_from_crash":          false,
	"browser.shell.checkDefaultBrowser":               false,
	"browser.startup.homepage_override.mstone":        "ignore",
	"browser.startup.page":                            0,
	"browser.tabs.warnOnClose":                        false,
	"browser.topsites.contile.enabled":                false,
	"datareporting.healthreport.uploadEnabled":        false,
	"datareporting.policy.dataSubmissionEnabled":      false,
	"datareporting.policy.firstRunURL":                "",
	"extensions.blocklist.enabled":                    false,
	"extensions.getAddons.cache.enabled":              false,
	"extensions.update.enabled":                       false,
	"identity.fxaccounts.enabled":                     false,
	"media.gmp-manager.updateEnabled":                 false,
	"network.captive-portal-service.enabled":          false,
	"network.connectivity-service.enabled":            false,
	"network.dns.disablePrefetch":                     true,
	"network.http.http3.enable":                       false,
	"network.http.speculative-parallel-limit":         0,
	"network.predictor.enabled":                       false,
	"network.prefetch-next":                           false,
	"network.trr.mode":                                5,
	"security.OCSP.enabled":                           0,
	"security.remote_settings.crlite_filters.enabled": false,
	"security.remote_settings.intermediates.enabled":  false,
	"services.settings.server":                        "https://127.0.0.1:9/",
	"toolkit.startup.max_resumed_crashes":             -1,
	"toolkit.telemetry.enabled":                       false,
	"toolkit.telemetry.server":                        "",
	"toolkit.telemetry.unified":                       false,
	"trailhead.firstrun.didSeeAboutWelcome":           true,
}

func (f *firefox) setup(ctx context.Context, env *runEnv) error {
	f.profile = filepath.Join(env.dir, "firefox-profile")
	if err := mkdirs(f.profile); err != nil {
		return err
	}
	var b strings.Builder
	for _, k := range sortedMapKeys(firefoxPrefs) {
		v := firefoxPrefs[k]
		if s, ok := v.(string); ok {
			v = fmt.Sprintf("%q", s)
		}
		fmt.Fprintf(&b, "user_pref(%q, %v);\n", k, v)
	}
	if err := os.WriteFile(filepath.Join(f.profile, "user.js"), []byte(b.String()), 0o600); err != nil {
		return err
	}
	if _, err := runQuiet(ctx, versionTimeout, nil, "certutil", "-N", "-d", "sql:"+f.profile, "--empty-password"); err != nil {
		return err
	}
	_, err := runQuiet(ctx, versionTimeout, nil, "certutil", "-A", "-d", "sql:"+f.profile, "-n", "corsim-ca", "-t", "C,,", "-i", env.caPEM)
	return err
}

func (f *firefox) jail(env *runEnv, l *launch) (jail, error) {
	home := filepath.Join(l.dir, "home")
	profile := filepath.Join(l.dir, "profile")
	if err := mkdirs(filepath.Join(home, "run")); err != nil {
		return jail{}, err
	}
	if err := copyTree(f.profile, profile); err != nil {
		return jail{}, err
	}
	e := append(baseEnv(home), "MOZ_CRASHREPORTER_DISABLE=1", "MOZ_HEADLESS=1")
	if l.clockFile != "" {
		e = append(e, faketimeEnv(env.faketime, l.clockFile)...)
	}
	return jail{
		Binds: commonBinds(env, l),
		Env:   e,
		Argv:  []string{firefoxBinary, "--headless", "--no-remote", "--profile", profile, l.url},
		Dir:   l.dir,
	}, nil
}
