// RFC 9162 section 2.1 Merkle trees over SHA-256: hashing, a streaming root, proof generation and
// proof verification. Hashes are exactly 32 bytes; verification failures throw WitnessMismatch
// naming what did not match, malformed arguments (index >= size, size1 > size2) too, since a
// verifier cannot tell a lying prover from a confused one.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "ruvector/crypto/crypto.hpp"

namespace ruvector::witness {

using Hash = std::array<std::uint8_t, 32>;

// A hash from untyped bytes (bindings): InvalidInput naming `what` unless exactly 32 bytes.
Hash hash_from_bytes(crypto::Bytes bytes, std::string_view what);

Hash leaf_hash(crypto::Bytes data) noexcept;                   // SHA-256(0x00 || data)
Hash node_hash(const Hash& left, const Hash& right) noexcept;  // SHA-256(0x01 || left || right)
Hash empty_tree_root() noexcept;                               // SHA-256() : MTH of no leaves

// The root of a tree fed one leaf hash at a time, in O(log n) memory: the stack holds the roots of
// the complete subtrees so far (at most one per bit of the size).
class StreamingMerkleRoot {
 public:
  void add_leaf_hash(const Hash& leaf) noexcept;
  void add_leaf(crypto::Bytes data) noexcept { add_leaf_hash(leaf_hash(data)); }
  // Appends the leaves `next` holds, as if they were added one by one here: a tree built over
  // consecutive blocks of leaves (on separate threads) has the root of the sequential one.
  // InvalidInput unless size() is a multiple of the largest power of two <= next.size() (true
  // when every block before the last holds the same power-of-two number of leaves).
  void append(const StreamingMerkleRoot& next);
  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
  [[nodiscard]] Hash root() const noexcept;  // empty_tree_root() for size 0

 private:
  std::vector<Hash> stack_;  // complete subtree roots, largest first
  std::uint64_t size_ = 0;
};

Hash root_of(std::span<const Hash> leaf_hashes) noexcept;

// Audit path of leaf `index` in the tree of the first `size` leaf hashes (RFC 9162 2.1.3.1),
// bottom-up. Throws InvalidInput if index >= size or size > leaf_hashes.size().
std::vector<Hash> inclusion_proof(std::span<const Hash> leaf_hashes, std::uint64_t index, std::uint64_t size);

// Consistency proof between the trees of the first size1 and size2 leaves (RFC 9162 2.1.4.1).
// Throws InvalidInput unless 0 < size1 <= size2 <= leaf_hashes.size() (empty for size1 == size2).
std::vector<Hash> consistency_proof(std::span<const Hash> leaf_hashes, std::uint64_t size1, std::uint64_t size2);

// RFC 9162 2.1.3.2. Throws WitnessMismatch unless `proof` proves `leaf` at `index` in the tree of
// `size` leaves with root `root`.
void verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof,
                      const Hash& root);

// RFC 9162 2.1.4.2, with the transparency-dev conventions for the edge cases: equal sizes need an
// empty proof and equal roots (and the empty-tree root for size 0); size1 == 0 < size2 proves
// nothing and is refused.
void verify_consistency(std::uint64_t size1, std::uint64_t size2, std::span<const Hash> proof, const Hash& root1,
                        const Hash& root2);

// Subtrees (draft-ietf-plants-merkle-tree-certs, section 4): [start, end) is valid when start <= end
// and start is a multiple of the smallest power of two >= end - start, so its hash is the RFC 9162
// MTH of D[start:end] and, unless empty, it sits inside any tree of size >= end.
bool is_valid_subtree(std::uint64_t start, std::uint64_t end) noexcept;

// Throws WitnessMismatch unless `proof` proves `leaf` at `index` in the non-empty valid subtree
// [start, end) whose hash is `subtree_root` (an RFC 9162 inclusion proof inside the subtree).
void verify_subtree_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t start, std::uint64_t end,
                              std::span<const Hash> proof, const Hash& subtree_root);

// Throws WitnessMismatch unless `proof` shows that the valid subtree [start, end) with hash
// `subtree_root` is part of the tree of `size` leaves with root `root`. The proof generalises RFC
// 9162's consistency proof (start = 0 is exactly one): sibling hashes bottom-up, plus the pieces of
// the subtree when it is not itself a node of the tree. An empty subtree proves nothing about the
// tree: it needs an empty proof and the empty-tree hash.
void verify_subtree_consistency(std::uint64_t start, std::uint64_t end, std::uint64_t size, std::span<const Hash> proof,
                                const Hash& subtree_root, const Hash& root);

}  // namespace ruvector::witness
