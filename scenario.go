package corsim

import (
	"context"

	"github.com/corsim/corsim/vectors"
)

// Do makes the request r describes, in the scenario format's terms (see
// package vectors): fetch() or XMLHttpRequest according to r.API, with its
// method, headers, body kind, mode, credentials and redirect modes. It is
// what RunVector does for each step, for tools that build scenarios of their
// own (the CLI's explain and audit commands).
func (p *Page) Do(ctx context.Context, r vectors.Request) *Result {
	return p.runStep(ctx, r, nil)
}

// DoWithBody is Do with the content of r's body: body is the string of a
// text body, the bytes of a blob body or the serialized parameters of a
// urlsearchparams body (fetch.RequestInit.BodyBytes); nil means corsim's
// placeholder, as in Do.
func (p *Page) DoWithBody(ctx context.Context, r vectors.Request, body []byte) *Result {
	return p.runStep(ctx, r, body)
}

// VectorRoutes returns a vector step's routes as Routes answers them.
func VectorRoutes(rs []vectors.Route) []Route {
	return routes(rs)
}
