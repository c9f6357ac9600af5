//go:build !race

package preflightcache

const raceEnabled = false
