package fetch

// The cookie policy of each profile; see CookiePolicy for each knob's
// evidence.
var (
	specCookies     = CookiePolicy{}
	chromiumCookies = CookiePolicy{
		LaxByDefault:                 true,
		BlockThirdParty:              true,
		RequireSecureForSameSiteNone: true,
	}
	firefoxCookies = CookiePolicy{
		PartitionThirdParty:          true,
		RequireSecureForSameSiteNone: true,
	}
	webKitCookies = CookiePolicy{
		BlockThirdParty: true,
	}
)
