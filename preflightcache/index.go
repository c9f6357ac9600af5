package preflightcache

import (
	"hash/maphash"
	"sync/atomic"
)

// index maps keys to slots so that readers never lock: a hash table whose
// buckets are immutable chains reached through atomic pointers. A reader
// loads the table, then one bucket's head, and walks a chain nobody will
// change; the one writer at a time (the cache's mutex) publishes new
// chains and, when the table fills, a new table. A reader still walking
// an old table sees the cache as it was when its lookup began.
type index struct {
	seed  maphash.Seed
	table atomic.Pointer[table]
	n     int // slots in the index; writer only
}

type table struct {
	mask  uint64
	heads []atomic.Pointer[node]
}

// node is one link of a bucket's chain. Nodes are never modified once
// published.
type node struct {
	hash uint64
	slot *slot
	next *node
}

// newIndex returns an index sized for about n slots.
func newIndex(n int) *index {
	x := &index{seed: maphash.MakeSeed()}
	x.table.Store(newTable(max(n, 16)))
	return x
}

// newTable returns an empty table of at least n buckets, a power of two.
func newTable(n int) *table {
	size := 1
	for size < n {
		size <<= 1
	}
	return &table{mask: uint64(size - 1), heads: make([]atomic.Pointer[node], size)}
}

// hash mixes the hashes of the key's parts. Collisions only cost a longer
// chain: load compares whole keys. A top-level page's partition is often
// its origin, spelled the same; one hash then serves both.
func (x *index) hash(k mapKey) uint64 {
	ho := maphash.String(x.seed, k.Origin)
	hp := ho
	if k.Partition != k.Origin {
		hp = maphash.String(x.seed, k.Partition)
	}
	h := maphash.String(x.seed, k.URL) ^ ho*0x9e3779b97f4a7c15 ^ hp*0xc2b2ae3d27d4eb4f
	if k.credentialed {
		h ^= 0x165667b19e3779f9
	}
	return h
}

// load returns the slot for k, or nil. It takes no lock and allocates
// nothing.
func (x *index) load(k mapKey) *slot {
	h := x.hash(k)
	t := x.table.Load()
	for n := t.heads[h&t.mask].Load(); n != nil; n = n.next {
		if n.hash == h && n.slot.key == k {
			return n.slot
		}
	}
	return nil
}

// insert adds s, whose key must be absent. Writer only.
func (x *index) insert(s *slot) {
	t := x.table.Load()
	if x.n >= len(t.heads) {
		t = x.grow(t)
	}
	h := x.hash(s.key)
	head := &t.heads[h&t.mask]
	head.Store(&node{hash: h, slot: s, next: head.Load()})
	x.n++
}

// grow publishes a table twice the size holding the same slots.
func (x *index) grow(old *table) *table {
	t := newTable(2 * len(old.heads))
	for i := range old.heads {
		for n := old.heads[i].Load(); n != nil; n = n.next {
			head := &t.heads[n.hash&t.mask]
			head.Store(&node{hash: n.hash, slot: n.slot, next: head.Load()})
		}
	}
	x.table.Store(t)
	return t
}

// remove deletes s if it is present, copying the part of its chain before
// it. Writer only.
func (x *index) remove(s *slot) {
	h := x.hash(s.key)
	t := x.table.Load()
	head := &t.heads[h&t.mask]
	var before []*node
	n := head.Load()
	for ; n != nil && n.slot != s; n = n.next {
		before = append(before, n)
	}
	if n == nil {
		return
	}
	rest := n.next
	for i := len(before) - 1; i >= 0; i-- {
		rest = &node{hash: before[i].hash, slot: before[i].slot, next: rest}
	}
	head.Store(rest)
	x.n--
}

// each calls f for every slot until f returns false. It walks the table
// as it was when each began, so f may remove slots (chains are immutable).
// Writer only.
func (x *index) each(f func(*slot) bool) {
	t := x.table.Load()
	for i := range t.heads {
		for n := t.heads[i].Load(); n != nil; n = n.next {
			if !f(n.slot) {
				return
			}
		}
	}
}

// all returns every slot, for tests and traces.
func (x *index) all() []*slot {
	out := make([]*slot, 0, x.n)
	t := x.table.Load()
	for i := range t.heads {
		for n := t.heads[i].Load(); n != nil; n = n.next {
			out = append(out, n.slot)
		}
	}
	return out
}
