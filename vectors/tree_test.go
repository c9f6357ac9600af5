package vectors

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// treeSeeds are shared by the unit test and the fuzz target.
var treeSeeds = []struct {
	src string
	ok  bool
}{
	{`{}`, true},
	{`{"a": [1, 2.5, "x", true, null, {"b": {}}]}`, true},
	{`{"a": 1, "a": 2}`, false},        // duplicate key
	{`{"a": {"b": 1, "b": 1}}`, false}, // nested duplicate
	{`[{"a": 1}, {"a": 2}]`, true},     // same key in sibling objects is fine
	{`{"a": 1} {"b": 2}`, false},       // two documents
	{`{"a": 1`, false},                 // truncated
	{`{"a": NaN}`, false},              // not JSON
	{"{\"a\": \"\xff\"}", false},       // not UTF-8
	{`"\u00e9\u0001"`, true},           // escapes
	{`{"vectors": [` + minimal + `]}`, true},
}

func TestParseJSON(t *testing.T) {
	for _, tc := range treeSeeds {
		_, err := parseJSON([]byte(tc.src))
		if (err == nil) != tc.ok {
			t.Errorf("parseJSON(%q) error = %v, want ok=%v", tc.src, err, tc.ok)
		}
	}
}

// FuzzParseJSON checks the strict tree parser against encoding/json: it accepts
// exactly the valid UTF-8 JSON documents without duplicate keys, and what it
// builds equals what encoding/json decodes.
func FuzzParseJSON(f *testing.F) {
	for _, tc := range treeSeeds {
		f.Add(tc.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		v, err := parseJSON([]byte(src))
		valid := json.Valid([]byte(src)) && utf8.ValidString(src)
		if err != nil {
			if valid && !strings.Contains(err.Error(), "duplicate key") {
				t.Fatalf("parseJSON(%q) rejected valid JSON: %v", src, err)
			}
			return
		}
		if !valid {
			t.Fatalf("parseJSON(%q) accepted invalid JSON", src)
		}
		var want any
		dec := json.NewDecoder(strings.NewReader(src))
		dec.UseNumber()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("encoding/json rejects what parseJSON accepted: %v", err)
		}
		if got := v.plain(); !reflect.DeepEqual(got, want) {
			t.Fatalf("parseJSON(%q) = %#v, encoding/json = %#v", src, got, want)
		}
	})
}

// plain converts a tree to what encoding/json decodes into an any (with UseNumber).
func (v *value) plain() any {
	switch v.kind {
	case kindBool:
		return v.boolean
	case kindNumber:
		return v.num
	case kindString:
		return v.str
	case kindArray:
		out := make([]any, len(v.items))
		for i, it := range v.items {
			out[i] = it.plain()
		}
		return out
	case kindObject:
		out := make(map[string]any, len(v.members))
		for _, m := range v.members {
			out[m.key] = m.val.plain()
		}
		return out
	}
	return nil
}
