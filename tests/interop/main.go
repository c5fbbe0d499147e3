// witness_interop: the reference side of the witness interop test (tests/python/test_witness_interop.py).
//
//	witness_interop produce N   -> JSON on stdout: a fresh Go signer's verifier key, a checkpoint it
//	                               signed over N entries ("entry 0" ...), every root, and inclusion
//	                               and consistency proofs made by transparency-dev/merkle
//	witness_interop verify      <- JSON on stdin (what ruvector produced: verifier key, checkpoint
//	                               note, proofs); -> JSON on stdout with each verdict from
//	                               golang.org/x/mod/sumdb/note, transparency-dev/formats/log and
//	                               transparency-dev/merkle/proof
//
// Only the reference libraries decide: this program holds no verification logic of its own.
package main

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"strconv"

	"github.com/transparency-dev/formats/log"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"github.com/transparency-dev/merkle/testonly"
	"golang.org/x/mod/sumdb/note"
)

const goOrigin = "go.example/interop-log"

type inclusion struct {
	Index    uint64   `json:"index"`
	Size     uint64   `json:"size"`
	LeafHash []byte   `json:"leaf_hash"`
	Proof    [][]byte `json:"proof"`
	Root     []byte   `json:"root"`
}

type consistency struct {
	Size1 uint64   `json:"size1"`
	Size2 uint64   `json:"size2"`
	Proof [][]byte `json:"proof"`
	Root1 []byte   `json:"root1"`
	Root2 []byte   `json:"root2"`
}

type produced struct {
	VerifierKey string        `json:"verifier_key"`
	Origin      string        `json:"origin"`
	Checkpoint  string        `json:"checkpoint"`
	Entries     []string      `json:"entries"`
	Roots       [][]byte      `json:"roots"` // Roots[s] = root of the first s entries
	Inclusion   []inclusion   `json:"inclusion"`
	Consistency []consistency `json:"consistency"`
}

type toVerify struct {
	VerifierKey string        `json:"verifier_key"`
	Origin      string        `json:"origin"`
	Checkpoints []string      `json:"checkpoints"`
	Inclusion   []inclusion   `json:"inclusion"`
	Consistency []consistency `json:"consistency"`
}

type verdicts struct {
	Checkpoints []string `json:"checkpoints"` // "ok size root" or the error
	Inclusion   []string `json:"inclusion"`   // "ok" or the error
	Consistency []string `json:"consistency"`
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "witness_interop:", err)
	os.Exit(2)
}

func produce(n uint64) produced {
	skey, vkey, err := note.GenerateKey(rand.Reader, goOrigin)
	if err != nil {
		fail(err)
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		fail(err)
	}
	tree := testonly.New(rfc6962.DefaultHasher)
	out := produced{VerifierKey: vkey, Origin: goOrigin}
	out.Roots = append(out.Roots, tree.Hash())
	for i := uint64(0); i < n; i++ {
		entry := fmt.Sprintf("entry %d", i)
		out.Entries = append(out.Entries, entry)
		tree.AppendData([]byte(entry))
		out.Roots = append(out.Roots, tree.Hash())
	}
	body := log.Checkpoint{Origin: goOrigin, Size: n, Hash: tree.Hash()}.Marshal()
	signed, err := note.Sign(&note.Note{Text: string(body)}, signer)
	if err != nil {
		fail(err)
	}
	out.Checkpoint = string(signed)
	for size := uint64(1); size <= n; size++ {
		for index := uint64(0); index < size; index++ {
			p, err := tree.InclusionProof(index, size)
			if err != nil {
				fail(err)
			}
			out.Inclusion = append(out.Inclusion, inclusion{index, size, tree.LeafHash(index), p, tree.HashAt(size)})
		}
		for size1 := uint64(1); size1 <= size; size1++ {
			p, err := tree.ConsistencyProof(size1, size)
			if err != nil {
				fail(err)
			}
			out.Consistency = append(out.Consistency, consistency{size1, size, p, tree.HashAt(size1), tree.HashAt(size)})
		}
	}
	return out
}

func verify(in toVerify) verdicts {
	var out verdicts
	verifier, err := note.NewVerifier(in.VerifierKey)
	if err != nil {
		fail(err)
	}
	for _, text := range in.Checkpoints {
		cp, _, _, err := log.ParseCheckpoint([]byte(text), in.Origin, verifier)
		if err != nil {
			out.Checkpoints = append(out.Checkpoints, err.Error())
		} else {
			out.Checkpoints = append(out.Checkpoints, fmt.Sprintf("ok %d %x", cp.Size, cp.Hash))
		}
	}
	for _, c := range in.Inclusion {
		out.Inclusion = append(out.Inclusion, verdict(proof.VerifyInclusion(rfc6962.DefaultHasher, c.Index, c.Size, c.LeafHash, c.Proof, c.Root)))
	}
	for _, c := range in.Consistency {
		out.Consistency = append(out.Consistency, verdict(proof.VerifyConsistency(rfc6962.DefaultHasher, c.Size1, c.Size2, c.Proof, c.Root1, c.Root2)))
	}
	return out
}

func verdict(err error) string {
	if err != nil {
		return err.Error()
	}
	return "ok"
}

func main() {
	if len(os.Args) < 2 {
		fail(fmt.Errorf("usage: witness_interop produce N | verify < request.json"))
	}
	var result any
	switch os.Args[1] {
	case "produce":
		if len(os.Args) != 3 {
			fail(fmt.Errorf("usage: witness_interop produce N"))
		}
		n, err := strconv.ParseUint(os.Args[2], 10, 32)
		if err != nil {
			fail(err)
		}
		result = produce(n)
	case "verify":
		var in toVerify
		if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
			fail(err)
		}
		result = verify(in)
	default:
		fail(fmt.Errorf("unknown command %q", os.Args[1]))
	}
	if err := json.NewEncoder(os.Stdout).Encode(result); err != nil {
		fail(err)
	}
}
