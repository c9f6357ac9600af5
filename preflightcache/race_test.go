//go:build race

package preflightcache

// raceEnabled shortens the longest tests under the race detector, which
// slows every memory access down many times.
const raceEnabled = true
