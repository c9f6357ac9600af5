//go:build !race

package fetch

// raceEnabled reports that the race detector is on; it changes allocation
// counts, so the AllocsPerRun guards with a non-zero budget are skipped.
const raceEnabled = false
