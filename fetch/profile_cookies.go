package fetch

// The cookie policy of each profile; see CookiePolicy for each knob's
// evidence.
var (
	specCookies     = CookiePolicy{}
	chromiumCookies = CookiePolicy{
		LaxByDefault:                 true,
		RequireSecureForSameSiteNone: true,
		SendIgnoresRedirectTaint:     true,
		StoreIgnoresRedirectTaint:    true,
		BlockThirdParty:              true,
	}
	firefoxCookies = CookiePolicy{
		RequireSecureForSameSiteNone: true,
		SchemelessSameSite:           true,
		StoreIgnoresRedirectTaint:    true,
	}
	webKitCookies = CookiePolicy{
		SchemelessSameSite:      true,
		StoreIgnoresSameSite:    true,
		SameSiteForTopLevelHost: true,
		BlockThirdPartyStore:    true,
	}
)
