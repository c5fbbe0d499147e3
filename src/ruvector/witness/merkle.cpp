#include "ruvector/witness/merkle.hpp"

#include <algorithm>
#include <bit>
#include <string>

#include "ruvector/core/error.hpp"
#include "ruvector/witness/hex.hpp"

namespace ruvector::witness {
namespace {

constexpr std::uint8_t kLeafPrefix = 0x00;
constexpr std::uint8_t kNodePrefix = 0x01;

// The largest power of two strictly below n (n >= 2): the RFC's split point k.
std::uint64_t split_point(std::uint64_t n) noexcept {
  return std::bit_floor(n - 1);
}

// MTH(D[begin:end]) over leaf hashes.
// Callers have checked end <= leaves.size(), so the indices fit size_t on 32-bit wasm too.
Hash subtree_root(std::span<const Hash> leaves, std::uint64_t begin, std::uint64_t end) noexcept {
  StreamingMerkleRoot root;
  for (auto i = static_cast<std::size_t>(begin); i < static_cast<std::size_t>(end); ++i) root.add_leaf_hash(leaves[i]);
  return root.root();
}

// PATH(m, D[begin:end]) appended bottom-up (RFC 9162 2.1.3.1).
void audit_path(std::span<const Hash> leaves, std::uint64_t m, std::uint64_t begin, std::uint64_t end,
                std::vector<Hash>& out) {
  const std::uint64_t n = end - begin;
  if (n <= 1) return;
  const std::uint64_t k = split_point(n);
  if (m < k) {
    audit_path(leaves, m, begin, begin + k, out);
    out.push_back(subtree_root(leaves, begin + k, end));
  } else {
    audit_path(leaves, m - k, begin + k, end, out);
    out.push_back(subtree_root(leaves, begin, begin + k));
  }
}

// SUBPROOF(m, D[begin:end], b) (RFC 9162 2.1.4.1).
void subproof(std::span<const Hash> leaves, std::uint64_t m, std::uint64_t begin, std::uint64_t end,
              bool whole_old_tree, std::vector<Hash>& out) {
  const std::uint64_t n = end - begin;
  if (m == n) {
    if (!whole_old_tree) out.push_back(subtree_root(leaves, begin, end));
    return;
  }
  const std::uint64_t k = split_point(n);
  if (m <= k) {
    subproof(leaves, m, begin, begin + k, whole_old_tree, out);
    out.push_back(subtree_root(leaves, begin + k, end));
  } else {
    subproof(leaves, m - k, begin + k, end, false, out);
    out.push_back(subtree_root(leaves, begin, begin + k));
  }
}

[[noreturn]] void mismatch(const std::string& message) {
  throw_error(ErrorCode::kWitnessMismatch, message);
}

std::string short_hex(const Hash& h) {
  return to_hex(std::span<const std::uint8_t>(h.data(), 8)) + "...";
}

void check_root(const char* what, const Hash& computed, const Hash& expected) {
  if (computed != expected) {
    mismatch(std::string(what) + ": the proof leads to root " + short_hex(computed) + ", expected " +
             short_hex(expected));
  }
}

// One level of the RFC 9162 proof walks (2.1.3.2 and 2.1.4.2): whether the proof hash at this
// level is the left sibling, then moves fn/sn up past the levels where the path has no sibling.
bool proof_hash_is_left(std::uint64_t& fn, std::uint64_t& sn) noexcept {
  const bool left = (fn & 1U) != 0 || fn == sn;
  if (left) {
    while ((fn & 1U) == 0 && fn != 0) {
      fn >>= 1U;
      sn >>= 1U;
    }
  }
  fn >>= 1U;
  sn >>= 1U;
  return left;
}

}  // namespace

Hash hash_from_bytes(crypto::Bytes bytes, std::string_view what) {
  Hash h{};
  if (bytes.size() != h.size()) {
    throw_error(ErrorCode::kInvalidInput,
                std::string(what) + " must be a 32-byte SHA-256 hash, got " + std::to_string(bytes.size()) + " bytes");
  }
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

Hash leaf_hash(crypto::Bytes data) noexcept {
  const std::uint8_t prefix = kLeafPrefix;
  return crypto::sha256_of_parts({crypto::Bytes(&prefix, 1), data});
}

Hash node_hash(const Hash& left, const Hash& right) noexcept {
  const std::uint8_t prefix = kNodePrefix;
  return crypto::sha256_of_parts({crypto::Bytes(&prefix, 1), left, right});
}

Hash empty_tree_root() noexcept {
  return crypto::sha256({});
}

void StreamingMerkleRoot::add_leaf_hash(const Hash& leaf) noexcept {
  // The stack mirrors the binary digits of size_: merging on every carry keeps one complete
  // subtree root per set bit.
  stack_.push_back(leaf);
  ++size_;
  for (std::uint64_t s = size_; (s & 1U) == 0; s >>= 1U) {
    const Hash right = stack_.back();
    stack_.pop_back();
    stack_.back() = node_hash(stack_.back(), right);
  }
}

void StreamingMerkleRoot::append(const StreamingMerkleRoot& next) {
  if (next.size_ == 0) return;
  const int top = 63 - __builtin_clzll(next.size_);
  if (size_ % (std::uint64_t{1} << static_cast<unsigned>(top)) != 0) {
    throw_error(ErrorCode::kInvalidInput, "merkle: cannot append " + std::to_string(next.size_) + " leaves after " +
                                              std::to_string(size_) + " (not aligned to a complete subtree)");
  }
  // next's stack holds one complete subtree per set bit of its size, largest first; each lands on
  // a boundary of its own size here, so it merges exactly as its leaves would have.
  std::size_t entry = 0;
  for (int bit = top; bit >= 0; --bit) {
    const auto height = static_cast<unsigned>(bit);
    if (((next.size_ >> height) & 1U) == 0) continue;
    stack_.push_back(next.stack_[entry++]);
    size_ += std::uint64_t{1} << height;
    for (std::uint64_t s = size_ >> height; (s & 1U) == 0; s >>= 1U) {
      const Hash right = stack_.back();
      stack_.pop_back();
      stack_.back() = node_hash(stack_.back(), right);
    }
  }
}

Hash StreamingMerkleRoot::root() const noexcept {
  if (stack_.empty()) return empty_tree_root();
  // The right-most (smallest) subtrees fold first: MTH splits at the largest power of two.
  Hash acc = stack_.back();
  for (std::size_t i = stack_.size() - 1; i-- > 0;) acc = node_hash(stack_[i], acc);
  return acc;
}

Hash root_of(std::span<const Hash> leaf_hashes) noexcept {
  return subtree_root(leaf_hashes, 0, leaf_hashes.size());
}

std::vector<Hash> inclusion_proof(std::span<const Hash> leaf_hashes, std::uint64_t index, std::uint64_t size) {
  if (size > leaf_hashes.size()) {
    throw_error(ErrorCode::kInvalidInput, "inclusion proof: tree size " + std::to_string(size) + " exceeds the " +
                                              std::to_string(leaf_hashes.size()) + " leaves held");
  }
  if (index >= size) {
    throw_error(ErrorCode::kInvalidInput, "inclusion proof: leaf index " + std::to_string(index) +
                                              " is not below the tree size " + std::to_string(size));
  }
  std::vector<Hash> out;
  audit_path(leaf_hashes, index, 0, size, out);
  return out;
}

std::vector<Hash> consistency_proof(std::span<const Hash> leaf_hashes, std::uint64_t size1, std::uint64_t size2) {
  if (size2 > leaf_hashes.size()) {
    throw_error(ErrorCode::kInvalidInput, "consistency proof: size2 " + std::to_string(size2) + " exceeds the " +
                                              std::to_string(leaf_hashes.size()) + " leaves held");
  }
  if (size1 == 0 || size1 > size2) {
    throw_error(ErrorCode::kInvalidInput, "consistency proof: need 0 < size1 <= size2, got size1 " +
                                              std::to_string(size1) + ", size2 " + std::to_string(size2));
  }
  std::vector<Hash> out;
  if (size1 < size2) subproof(leaf_hashes, size1, 0, size2, true, out);
  return out;
}

void verify_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t size, std::span<const Hash> proof,
                      const Hash& root) {
  if (index >= size) {
    mismatch("inclusion proof: leaf index " + std::to_string(index) + " is not below the tree size " +
             std::to_string(size));
  }
  std::uint64_t fn = index;
  std::uint64_t sn = size - 1;
  Hash r = leaf;
  for (const Hash& p : proof) {
    if (sn == 0) {
      mismatch("inclusion proof: " + std::to_string(proof.size()) + " hashes is too long for leaf " +
               std::to_string(index) + " of " + std::to_string(size));
    }
    r = proof_hash_is_left(fn, sn) ? node_hash(p, r) : node_hash(r, p);
  }
  if (sn != 0) {
    mismatch("inclusion proof: " + std::to_string(proof.size()) + " hashes is too short for leaf " +
             std::to_string(index) + " of " + std::to_string(size));
  }
  check_root("inclusion proof", r, root);
}

void verify_consistency(std::uint64_t size1, std::uint64_t size2, std::span<const Hash> proof, const Hash& root1,
                        const Hash& root2) {
  const std::string sizes = " (size1 " + std::to_string(size1) + ", size2 " + std::to_string(size2) + ")";
  if (size2 < size1) mismatch("consistency proof: size2 is smaller than size1" + sizes);
  if (size1 == size2) {
    if (!proof.empty()) mismatch("consistency proof: equal sizes need an empty proof" + sizes);
    if (root1 != root2) mismatch("consistency proof: equal sizes but different roots" + sizes);
    if (size1 == 0 && root1 != empty_tree_root()) mismatch("consistency proof: wrong root for the empty tree");
    return;
  }
  if (size1 == 0) mismatch("consistency proof: the empty tree is consistent with anything; refused" + sizes);
  if (proof.empty()) mismatch("consistency proof: empty proof" + sizes);

  // RFC 9162 2.1.4.2: when size1 is a power of two the old root is itself a node of the new tree
  // and the proof omits it.
  std::size_t next = 0;
  Hash fr;
  if (std::has_single_bit(size1)) {
    fr = root1;
  } else {
    fr = proof[0];
    next = 1;
  }
  Hash sr = fr;
  std::uint64_t fn = size1 - 1;
  std::uint64_t sn = size2 - 1;
  while ((fn & 1U) != 0) {
    fn >>= 1U;
    sn >>= 1U;
  }
  for (; next < proof.size(); ++next) {
    const Hash& c = proof[next];
    if (sn == 0) mismatch("consistency proof: too many hashes (" + std::to_string(proof.size()) + ")" + sizes);
    if (proof_hash_is_left(fn, sn)) {
      fr = node_hash(c, fr);
      sr = node_hash(c, sr);
    } else {
      sr = node_hash(sr, c);
    }
  }
  if (sn != 0) mismatch("consistency proof: too few hashes (" + std::to_string(proof.size()) + ")" + sizes);
  check_root("consistency proof (old tree)", fr, root1);
  check_root("consistency proof (new tree)", sr, root2);
}

bool is_valid_subtree(std::uint64_t start, std::uint64_t end) noexcept {
  if (start > end) return false;
  const std::uint64_t size = end - start;
  if (size > (std::uint64_t{1} << 63U)) return start == 0;  // BIT_CEIL would overflow 64 bits
  return start % std::bit_ceil(size == 0 ? std::uint64_t{1} : size) == 0;
}

void verify_subtree_inclusion(const Hash& leaf, std::uint64_t index, std::uint64_t start, std::uint64_t end,
                              std::span<const Hash> proof, const Hash& subtree_root) {
  const std::string range = "[" + std::to_string(start) + ", " + std::to_string(end) + ")";
  if (start >= end || !is_valid_subtree(start, end))
    mismatch("subtree inclusion proof: " + range + " is not a valid non-empty subtree");
  if (index < start || index >= end) {
    mismatch("subtree inclusion proof: leaf index " + std::to_string(index) + " is outside the subtree " + range);
  }
  verify_inclusion(leaf, index - start, end - start, proof, subtree_root);
}

namespace {

// Walks the tree [lo, hi) down to the subtree [start, end) as the proof was generated, consuming
// proof hashes bottom-up. Returns the hash of [lo, hi) and, in `part`, the hash of the part of the
// subtree inside [lo, hi) as rebuilt from the proof (the subtree hash itself where it is a node).
class SubtreeWalk {
 public:
  SubtreeWalk(std::uint64_t start, std::uint64_t end, std::span<const Hash> proof, const Hash& subtree_root)
      : start_(start), end_(end), proof_(proof), subtree_root_(subtree_root) {}

  Hash walk(std::uint64_t lo, std::uint64_t hi, std::uint64_t target_lo, Hash& part) {
    if (lo == target_lo && hi == end_) {
      // The walk reached a node that is exactly (a right part of) the subtree.
      part = lo == start_ ? subtree_root_ : next();
      return part;
    }
    const std::uint64_t k = split_point(hi - lo);
    if (end_ <= lo + k) {  // all in the left child
      const Hash left = walk(lo, lo + k, target_lo, part);
      return node_hash(left, next());
    }
    if (target_lo >= lo + k) {  // all in the right child
      const Hash right = walk(lo + k, hi, target_lo, part);
      return node_hash(next(), right);
    }
    // The subtree (then start == lo) covers the whole left child and part of the right one.
    Hash right_part{};
    const Hash right = walk(lo + k, hi, lo + k, right_part);
    const Hash left = next();
    part = node_hash(left, right_part);
    return node_hash(left, right);
  }

  [[nodiscard]] bool all_used() const noexcept { return used_ == proof_.size(); }
  [[nodiscard]] bool overran() const noexcept { return overran_; }

 private:
  Hash next() {
    if (used_ == proof_.size()) {
      overran_ = true;
      return Hash{};
    }
    return proof_[used_++];
  }

  std::uint64_t start_;
  std::uint64_t end_;
  std::span<const Hash> proof_;
  const Hash& subtree_root_;
  std::size_t used_ = 0;
  bool overran_ = false;
};

}  // namespace

void verify_subtree_consistency(std::uint64_t start, std::uint64_t end, std::uint64_t size, std::span<const Hash> proof,
                                const Hash& subtree_root, const Hash& root) {
  const std::string what = "subtree consistency proof for [" + std::to_string(start) + ", " + std::to_string(end) +
                           ") in a tree of " + std::to_string(size);
  if (!is_valid_subtree(start, end)) mismatch(what + ": not a valid subtree");
  if (end > size) mismatch(what + ": the subtree ends past the tree");
  if (start == end) {
    if (!proof.empty()) mismatch(what + ": an empty subtree needs an empty proof");
    if (subtree_root != empty_tree_root()) mismatch(what + ": wrong hash for the empty subtree");
    return;
  }
  SubtreeWalk walk(start, end, proof, subtree_root);
  Hash part{};
  const Hash computed = walk.walk(0, size, start, part);
  if (walk.overran()) mismatch(what + ": too few hashes (" + std::to_string(proof.size()) + ")");
  if (!walk.all_used()) mismatch(what + ": too many hashes (" + std::to_string(proof.size()) + ")");
  check_root("subtree consistency proof (subtree)", part, subtree_root);
  check_root("subtree consistency proof (tree)", computed, root);
}

}  // namespace ruvector::witness
