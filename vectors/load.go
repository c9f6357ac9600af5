package vectors

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Load reads vectors from each path: a file, or a directory standing for every
// *.json file directly inside it (in name order). Names must be unique across
// everything loaded. All problems found are returned together, each an *Error;
// with any problem, no vectors are returned.
func Load(paths ...string) ([]Vector, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("vectors: no file or directory given")
	}
	var files []string
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("vectors: %w", err)
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("vectors: %w", err)
		}
		n := len(files)
		for _, e := range entries {
			if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".json") {
				files = append(files, filepath.Join(p, e.Name()))
			}
		}
		if len(files) == n {
			return nil, fmt.Errorf("vectors: %s: no *.json files in the directory", p)
		}
	}
	return LoadFS(osFS{}, files...)
}

// osFS opens paths as the operating system names them (relative or absolute).
type osFS struct{}

func (osFS) Open(name string) (fs.File, error) { return os.Open(name) }

// LoadFS is Load for the named files of fsys (no directories).
func LoadFS(fsys fs.FS, files ...string) ([]Vector, error) {
	var all []Vector
	var errs []error
	firstFile := map[string]string{} // vector name → the file it first appeared in
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs = append(errs, &Error{File: f, Vector: "-", Field: "-", Msg: err.Error()})
			continue
		}
		vs, ferrs := Parse(f, data)
		errs = append(errs, ferrs...)
		for _, v := range vs {
			if first, dup := firstFile[v.Name]; dup {
				where := "also in " + first
				if first == f {
					where = "earlier in this file"
				}
				errs = append(errs, &Error{File: f, Vector: v.Name, Field: "name", Msg: "duplicate name (" + where + ")"})
				continue
			}
			firstFile[v.Name] = f
			all = append(all, v)
		}
	}
	if len(errs) > 0 {
		return nil, errorList(errs)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("vectors: no vectors in %s", strings.Join(files, ", "))
	}
	return all, nil
}

// Parse reads the vectors of one file's contents; file names it in errors.
// It returns the vectors that decoded without a problem and every problem.
func Parse(file string, data []byte) ([]Vector, []error) {
	root, err := parseJSON(data)
	if err != nil {
		return nil, []error{&Error{File: file, Vector: "-", Field: "-", Msg: "cannot read JSON: " + err.Error()}}
	}
	d := &decoder{file: file}
	vs := d.decodeFile(root)
	return vs, d.errs
}
