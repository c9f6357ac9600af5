package fetch

import "github.com/corsim/corsim/safelist"

// A View is what script can read of a response: fetch()'s Response object
// (type, status, url, redirected, headers) or XMLHttpRequest's status,
// responseURL and getAllResponseHeaders().
type View struct {
	Type       ResponseType
	Status     int
	URL        string // without fragment; "" for an opaque response
	Redirected bool
	// Header is the filtered header list as iteration shows it: sorted
	// lowercase names, values combined (Set-Cookie never appears).
	Header safelist.HeaderList
	Body   []byte
}

// View returns what script sees of r, a response handed to script.
func (r *Response) View() View {
	v := View{
		Type:       r.Type,
		Status:     r.Status,
		Redirected: len(r.URLList) > 1,
		Header:     r.Header.SortAndCombine(),
		Body:       r.Body,
	}
	if u := r.URL(); u != nil {
		v.URL = u.Serialize(true)
	}
	return v
}

// opaqueID returns a text unique to an opaque origin, for cache keys that keep
// opaque origins apart.
func (o Origin) opaqueID() string {
	return formatUint(o.opaque)
}

func formatUint(n uint64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
