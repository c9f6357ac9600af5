package explain

import (
	"context"
	"fmt"
	"time"

	"github.com/corsim/corsim"
)

// cannedStart is when the clock of a scenario with canned answers starts, as
// for vectors (corsim.RunVector).
var cannedStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// runScenario runs every step of sc in a new browser of profile p, answered by
// live (when not nil) or by each step's routes, and returns each step's
// result. wrap, when not nil, stands between the browser and those answers
// (the fix's amended answers).
func runScenario(ctx context.Context, sc *Scenario, p *corsim.Profile, live corsim.Network, wrap func(corsim.Network) corsim.Network) ([]*corsim.Result, error) {
	routes, _ := corsim.NewRoutes()
	var net corsim.Network = routes
	start := cannedStart
	if live != nil {
		net, start = live, time.Now()
	}
	if wrap != nil {
		net = wrap(net)
	}
	clock := corsim.NewFakeClock(start)
	b, err := corsim.NewBrowser(p, net, corsim.WithClock(clock))
	if err != nil {
		return nil, err
	}
	var opts []corsim.PageOption
	if sc.TopLevel != "" {
		opts = append(opts, corsim.EmbeddedIn(sc.TopLevel))
	}
	page, err := b.Open(sc.Origin, opts...)
	if err != nil {
		return nil, err
	}
	results := make([]*corsim.Result, len(sc.Steps))
	for i, st := range sc.Steps {
		clock.Advance(st.Advance)
		if live == nil {
			if err := routes.Set(st.Server...); err != nil {
				return nil, fmt.Errorf("step %d: %w", i+1, err)
			}
		}
		results[i] = page.DoWithBody(ctx, st.Request, st.BodyBytes)
	}
	return results, nil
}
