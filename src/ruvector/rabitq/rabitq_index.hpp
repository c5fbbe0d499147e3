// RabitqIndex: RaBitQ-quantized approximate nearest-neighbour search with an IVF partition.
//
// Build: a seeded two-level k-means picks `nlist` lists (1 list = flat mode for small data); every
// vector is stored in its list as a 1-bit RaBitQ code of its rotated residual (FastScan layout,
// 16 bytes + 8 bytes of factors at D = 128), optionally an extended code (bits 2..8) and its
// original vector (f32, f16 or not at all) for exact reranking.
// Search: the nprobe nearest lists are scanned with FastScan; the rerank_factor * k best estimates
// are reranked exactly, skipping candidates whose error bound proves they cannot enter the top k.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ruvector/core/metric.hpp"
#include "ruvector/core/shared_mutex.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/rabitq/kmeans.hpp"
#include "ruvector/rabitq/rotation.hpp"

namespace ruvector::rabitq {

enum class VectorStore : std::uint8_t { kNone = 0, kF16 = 1, kF32 = 2 };

std::string_view store_name(VectorStore store) noexcept;
VectorStore parse_store(std::string_view name);  // "none" | "f16" | "f32"

// Called with a stage name ("train", "assign", "encode") and the fraction done of that stage.
using Progress = std::function<void(std::string_view stage, double fraction)>;

struct BuildParams {
  Metric metric = Metric::kL2;
  int bits = 1;            // 1 = RaBitQ; 2..8 = extended codes
  std::int64_t nlist = 0;  // 0 = automatic
  std::uint64_t seed = 42;
  RotationKind rotation = RotationKind::kAuto;
  VectorStore store = VectorStore::kF32;
  unsigned threads = 0;         // 0 = all cores
  double rerank_factor = 20.0;  // default for search
  std::int64_t nprobe = 0;      // default for search; 0 = automatic
};

struct SearchParams {
  std::int64_t nprobe = 0;     // 0 = the index default
  double rerank_factor = 0.0;  // 0 = the index default
  unsigned threads = 0;
};

class RabitqIndex {
 public:
  // Validates everything first: DimensionMismatch, InvalidInput (NaN/Inf, ids, bits, nlist).
  static RabitqIndex build(std::span<const float> vectors, std::size_t dim, std::span<const std::uint64_t> ids,
                           const BuildParams& params, const Progress& progress = {});

  RabitqIndex(RabitqIndex&& other) noexcept;
  RabitqIndex& operator=(RabitqIndex&&) = delete;
  RabitqIndex(const RabitqIndex&) = delete;
  RabitqIndex& operator=(const RabitqIndex&) = delete;
  ~RabitqIndex() = default;

  // Same contract as FlatIndex::add / remove.
  void add(std::span<const float> vectors, std::span<const std::uint64_t> ids = {}, unsigned threads = 0);
  std::size_t remove(std::span<const std::uint64_t> ids);

  [[nodiscard]] SearchResults search(std::span<const float> queries, std::int64_t k,
                                     const SearchParams& params = {}) const;

  // The versioned, checksummed format of docs/file_format.md. deserialize() of truncated, corrupt
  // or wrong-version bytes throws PersistError, never undefined behaviour.
  [[nodiscard]] std::vector<std::uint8_t> serialize() const;
  static RabitqIndex deserialize(std::span<const std::uint8_t> bytes);
#if !defined(__EMSCRIPTEN__)
  void save(const std::string& path) const;  // atomic: temp file, fsync, rename
  static RabitqIndex load(const std::string& path, bool memory_map = false);
#endif

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::size_t dim() const noexcept { return dim_; }
  [[nodiscard]] Metric metric() const noexcept { return metric_; }
  [[nodiscard]] int bits() const noexcept { return bits_; }
  [[nodiscard]] VectorStore store() const noexcept { return store_; }
  [[nodiscard]] std::size_t nlist() const noexcept { return lists_.size(); }
  [[nodiscard]] std::size_t default_nprobe() const noexcept { return default_nprobe_; }
  [[nodiscard]] double default_rerank_factor() const noexcept { return default_rerank_factor_; }
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
  [[nodiscard]] RotationKind rotation_kind() const noexcept { return rotation_.kind(); }
  [[nodiscard]] std::size_t memory_bytes() const;
  // Bytes of codes + factors per vector (the quantized part, without ids and stored vectors).
  [[nodiscard]] std::size_t code_bytes_per_vector() const noexcept;

  // Picks nlist for n vectors when the caller does not: 1 (flat) below 20,000 vectors.
  static std::size_t automatic_nlist(std::size_t n) noexcept;

 private:
  struct List {
    std::vector<std::uint64_t> ids;
    std::vector<std::uint8_t> codes;  // FastScan blocks of 32
    std::vector<float> add;
    std::vector<float> scale;
    std::vector<std::uint8_t> ex_codes;  // padded_dim bytes per vector (bits > 1)
    std::vector<float> ex_scale;
    std::vector<float> ex_error;
    std::vector<float> f32;          // dim per vector (store f32)
    std::vector<std::uint16_t> f16;  // dim per vector (store f16)
    [[nodiscard]] std::size_t size() const noexcept { return ids.size(); }
  };
  struct Location {
    std::uint32_t list;
    std::uint32_t pos;
  };

  struct Scratch;

  RabitqIndex(std::size_t dim, Metric metric, int bits, VectorStore store, std::uint64_t seed, RotationKind rotation,
              CoarseQuantizer quantizer);

  void finish_setup();  // rotated centroids, defaults
  void insert(const float* vectors, std::size_t rows, std::span<const std::uint64_t> ids, unsigned threads,
              const Progress& progress);
  // Asks for 2 MB pages under the stored rows (see huge_pages.hpp); a no-op for small stores.
  void back_rows_with_huge_pages() const;
  void search_one(const float* query, std::size_t k, std::size_t nprobe, std::size_t candidates, Scratch& scratch,
                  std::vector<std::pair<float, std::uint64_t>>& out) const;
  void append_slot(List& list);
  void move_slot(List& list, std::size_t from, std::size_t to);
  [[nodiscard]] std::size_t groups() const noexcept { return padded_dim_ / 4; }

  std::size_t dim_;
  Metric metric_;
  int bits_;
  VectorStore store_;
  std::uint64_t seed_;
  Rotation rotation_;
  std::size_t padded_dim_;
  CoarseQuantizer quantizer_;
  std::vector<float> rotated_centroids_;  // nlist x padded_dim
  std::vector<List> lists_;
  std::unordered_map<std::uint64_t, Location> location_;
  std::uint64_t next_id_ = 0;
  std::size_t default_nprobe_ = 1;
  double default_rerank_factor_ = 20.0;
  mutable WriterPreferringSharedMutex mutex_;
};

}  // namespace ruvector::rabitq
