// RabitqIndex: RaBitQ-quantized approximate nearest-neighbour search with an IVF partition.
//
// Build: a seeded two-level k-means picks `nlist` lists (1 list = flat mode for small data); every
// vector is stored in its list as a 1-bit RaBitQ code of its rotated residual (FastScan layout,
// 16 bytes + 8 bytes of factors at D = 128), optionally an extended code (bits 2..8) and its
// original vector (f32, f16 or not at all) for exact reranking.
// Search: the nprobe nearest lists are scanned with FastScan; the rerank_factor * k best estimates
// are reranked exactly, skipping candidates whose error bound proves they cannot enter the top k.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ruvector/core/bytes.hpp"
#include "ruvector/core/metric.hpp"
#include "ruvector/core/progress.hpp"
#include "ruvector/core/shared_mutex.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/rabitq/calibration.hpp"
#include "ruvector/rabitq/column.hpp"
#include "ruvector/rabitq/kmeans.hpp"
#include "ruvector/rabitq/params.hpp"
#include "ruvector/rabitq/rotation.hpp"

namespace ruvector {
class MappedFile;
}

namespace ruvector::rabitq {

// Build progress: the stages "train" (top clusters trained) and "encode" (in tenths).
using ruvector::Progress;

// Defaults and accepted ranges: params.hpp (one definition for every binding).
struct BuildParams {
  Metric metric = Metric::kL2;
  int bits = kDefaultBits;  // 1 = RaBitQ; 2..kMaxBits = extended codes
  std::int64_t nlist = 0;   // 0 = automatic_nlist(n)
  std::uint64_t seed = kDefaultSeed;
  RotationKind rotation = RotationKind::kAuto;
  VectorStore store = kDefaultStore;
  unsigned threads = 0;        // 0 = all cores
  double rerank_factor = 0.0;  // default for search; 0 = calibrated (kDefaultRerankFactor if not calibrated)
  std::int64_t nprobe = 0;     // default for search; 0 = calibrated (automatic_nprobe(nlist) if not calibrated)
  // The recall@10 the calibrated defaults reach (calibration.hpp); builds of calibrate_from rows or
  // more with nlist > 1 are calibrated. A nprobe or rerank_factor given above wins over calibration.
  double target_recall = kDefaultTargetRecall;
  // false: no calibration (no table; nprobe automatic_nprobe(nlist), rerank kDefaultRerankFactor
  // unless given): a faster build for callers that pass their own search settings.
  bool calibrate = true;
  // The smallest build calibrated (with nlist > 1). Lower it to calibrate a small build given an
  // explicit nlist (its sample is min(kCalibrationQueries, n / 10) rows); the bindings keep the default.
  std::size_t calibrate_from = kCalibrateFrom;
};

struct SearchParams {
  std::int64_t nprobe = 0;     // 0 = the index default; above nlist probes every list
  double rerank_factor = 0.0;  // 0 = the index default
  unsigned threads = 0;
  // Asked about every code the probes scan (id_filter.hpp); empty = every id. The "= {}" keeps GCC's
  // -Wmissing-field-initializers quiet for callers writing {nprobe, rerank_factor, threads}.
  IdFilter accept = {};  // NOLINT(readability-redundant-member-init)
  // In (0, 1]: the setting of the calibration table that reaches this recall@10 (choose_setting),
  // for what nprobe / rerank_factor above leave at 0. InvalidInput on an index without a table.
  std::optional<double> target_recall = std::nullopt;  // NOLINT(readability-redundant-member-init)
};

// What a serialized index says about itself (its header), read without building the index.
struct IndexSummary {
  std::size_t dim = 0;
  Metric metric = Metric::kL2;
  int bits = 1;
  VectorStore store = VectorStore::kF32;
  std::uint64_t seed = 0;
  RotationKind rotation = RotationKind::kAuto;
  std::uint64_t count = 0;
  bool checksum_ok = true;  // scan_stored_rows: whether the trailer's CRC-32 matched
};

// One list's stored rows: its ids and its vectors as float32, row-major (f16 rows decoded exactly).
using StoredRowsVisitor = std::function<void(std::span<const std::uint64_t> ids, std::span<const float> rows)>;

// One list's ids and stored rows as they are held (f32 or f16, row-major; the other one empty).
struct StoredRows {
  std::span<const std::uint64_t> ids;
  std::span<const float> f32;
  std::span<const std::uint16_t> f16;
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

  // The partition build() would give these vectors with these params -- the coarse lists, their
  // centroids, the rotation and the search defaults -- holding no rows. An index over part of the
  // rows in that partition (build_in) probes, for any query, the same lists as one index over all
  // of them, and encodes each of its rows exactly as that index does: a federation of such parts
  // sees every candidate the one index sees (lake::Lake::set_partition). When build() would
  // calibrate, so does this (the rows are added for the calibration, then dropped): the parts
  // search with that index's calibrated defaults and keep its table.
  static RabitqIndex train(std::span<const float> vectors, std::size_t dim, const BuildParams& params,
                           const Progress& progress = {});
  // An index over `vectors` in `partition`'s lists (see train()), with its rotation, parameters and
  // search defaults; none of its rows. Validates as add() does.
  static RabitqIndex build_in(const RabitqIndex& partition, std::span<const float> vectors,
                              std::span<const std::uint64_t> ids, unsigned threads = 0);
  // The same partition, rotation, parameters and search defaults, without rows.
  [[nodiscard]] RabitqIndex empty_copy() const;
  // Whether `other` stores rows as this index does: dim, metric, bits, store, rotation, and the
  // coarse lists bit for bit.
  [[nodiscard]] bool same_partition(const RabitqIndex& other) const;

  // Same contract as FlatIndex::add / remove: all or nothing; automatic ids never wrap or collide.
  void add(std::span<const float> vectors, std::span<const std::uint64_t> ids = {}, unsigned threads = 0);
  std::size_t remove(std::span<const std::uint64_t> ids);

  [[nodiscard]] SearchResults search(std::span<const float> queries, std::int64_t k,
                                     const SearchParams& params = {}) const;

  // The versioned, checksummed format of docs/file_format.md. deserialize() of truncated, corrupt
  // or wrong-version bytes throws PersistError, never undefined behaviour; it refuses what the
  // builder never writes (a rotation/dim pair it does not build, non-finite floats, counts the
  // bytes cannot hold) and allocates at most a small multiple of the input size plus the rotation
  // (<= 12 MB). serialize() checks the index's invariants first (PersistError if broken).
  [[nodiscard]] std::vector<std::uint8_t> serialize() const;
  static RabitqIndex deserialize(std::span<const std::uint8_t> bytes);
  // The same from an open file, read straight into the index (no whole-file buffer, no mapping):
  // a file truncated by another process meanwhile gives PersistError.
  static RabitqIndex deserialize(ByteSource& source);
  // Reads a serialized index piece by piece without building it: `on_header` sees the header, then
  // `visit` every list's stored rows in storage order (one list in memory at a time). Errors as
  // deserialize(), except the checksum: it is reported in `checksum_ok`, so a caller that hashes
  // the bytes anyway (bundle verification) can name what changed instead of "checksum mismatch".
  static IndexSummary scan_stored_rows(ByteSource& source, const std::function<void(const IndexSummary&)>& on_header,
                                       const StoredRowsVisitor& visit);
  // The same rows from a built index, list by list in storage order. InvalidInput if it stores none.
  void for_each_stored_rows(const StoredRowsVisitor& visit) const;
#if !defined(__EMSCRIPTEN__)
  // Atomic: temp file, fsync, rename (write_file_atomic: keeps the mode, writes through symlinks).
  void save(const std::string& path) const;
  // memory_map = false reads the file into the index (deserialize(ByteSource&)); true serves it
  // from a mapping of the file (map()).
  static RabitqIndex load(const std::string& path, bool memory_map = false);
  // Zero-copy: the lists' codes, factors and stored rows are views of `file`'s mapping (kept alive
  // by the index), shared with every process that maps the file, resident only where touched;
  // the first add/remove copies a list it changes. Validated at load, as deserialize() does: the
  // header, every count and offset against the file's size, the centroids and every code factor
  // (read with pread, so validation does not make the mapping resident). Deferred, because they
  // read every byte: the CRC-32 and the finiteness of stored rows (Lake::warm_from_dir checks both
  // through the bundle's Merkle roots), and unique ids: check_unique_ids(), which warm_from_dir and
  // serialize() call, while the first add/remove finds them building its id map (both PersistError
  // "corrupt index: duplicate id N"); a
  // search before that answers, and may name a duplicated id twice. The file must not be truncated
  // in place while mapped (mapped_file.hpp: SIGBUS); saves replace files by rename.
  static RabitqIndex map(const std::shared_ptr<MappedFile>& file);
#endif
  // PersistError "corrupt index: duplicate id N" unless every id is unique. Free for a built or
  // copied index (the loader checked) and after the first success; a mapped index sorts a copy of
  // its ids once (8 bytes per vector while it runs; no id map is kept).
  void check_unique_ids() const;
  // Makes the next search as fast as the ones after it, for a load that has just streamed the
  // whole file (Lake::warm_from_dir's verification): maps every page of the lists' arrays into this
  // process (one read per page; a mapped index's pages are otherwise faulted in by searches), reads
  // every cache line of what each search reads (the coarse quantizer, the rotation, the rotated
  // centroids, each list's codes and factors; the small tables last) and answers up to 64 searches
  // for centroids spread over the lists, dropping their answers (the search code, the allocator and
  // the TLB are cold after a long pass of other work). A plain load(mmap=true) does not call it: its
  // resident set grows only with what is used.
  void warm_up() const;

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::size_t dim() const noexcept { return dim_; }
  [[nodiscard]] Metric metric() const noexcept { return metric_; }
  [[nodiscard]] int bits() const noexcept { return bits_; }
  [[nodiscard]] VectorStore store() const noexcept { return store_; }
  [[nodiscard]] std::size_t nlist() const noexcept { return lists_.size(); }
  [[nodiscard]] std::size_t default_nprobe() const noexcept { return default_nprobe_; }
  [[nodiscard]] double default_rerank_factor() const noexcept { return default_rerank_factor_; }
  // The build's calibration table (empty if not calibrated). It describes the rows of the build:
  // add() and remove() keep it as it is.
  [[nodiscard]] const Calibration& calibration() const noexcept { return calibration_; }
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
  [[nodiscard]] RotationKind rotation_kind() const noexcept { return rotation_.kind(); }
  // Heap bytes the index holds (codes, factors and rows copied or built in memory, centroids,
  // rotation, the id map); excludes the file mapping, which mapped_bytes() reports.
  [[nodiscard]] std::size_t memory_bytes() const;
  // Bytes served from the file mapping (0 unless map()ped): shared page cache, resident only as
  // far as searches have touched them.
  [[nodiscard]] std::size_t mapped_bytes() const;
  // Storage order access for verifiers that hash lists in parallel.
  [[nodiscard]] StoredRows stored_rows(std::size_t list) const;
  // Bytes of codes + factors per vector (the quantized part, without ids and stored vectors).
  [[nodiscard]] std::size_t code_bytes_per_vector() const noexcept;

 private:
  struct List {
    Column<std::uint64_t> ids;
    Column<std::uint8_t> codes;  // FastScan blocks of 32
    Column<float> add;
    Column<float> scale;
    Column<std::uint8_t> ex_codes;  // padded_dim bytes per vector (bits > 1)
    Column<float> ex_scale;
    Column<float> ex_error;
    Column<float> f32;          // dim per vector (store f32)
    Column<std::uint16_t> f16;  // dim per vector (store f16)
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
  // deserialize() (mapped == nullptr: every array copied, CRC checked) and map() (arrays viewed in
  // `mapped`, the whole file's bytes, where their alignment allows).
  static RabitqIndex parse(ByteSource& source, const std::uint8_t* mapped);
  struct FileReader;  // parse()'s stages (format.cpp): coarse quantizer, then each list's arrays
  // The id -> location map, built on first need for a mapped index (PersistError on duplicates).
  void ensure_locations() const;
  void check_unique_ids_locked() const;  // check_unique_ids() under a lock the caller holds
  void reserve_for(std::span<const std::uint32_t> list_of_new_rows);
  void insert(const float* vectors, std::size_t rows, std::span<const std::uint64_t> ids, unsigned threads,
              const Progress& progress);
  // Asks for 2 MB pages under the stored rows (see huge_pages.hpp); a no-op for small stores.
  void back_rows_with_huge_pages() const;
  // One query's search and its stages (rabitq_index.cpp), each reading and filling the thread's Scratch.
  void search_one(const float* query, std::size_t k, std::size_t nprobe, std::size_t max_candidates, Scratch& scratch,
                  std::vector<std::pair<float, std::uint64_t>>& out) const;
  void select_probes(const float* query, std::size_t nprobe, Scratch& scratch) const;
  void add_remaining_probes(const float* query, Scratch& scratch) const;
  void prefetch_list(std::uint32_t list_number) const;
  void prepare_query(const float* query, Scratch& scratch) const;
  void prepare_probe(std::size_t probe, Scratch& scratch) const;
  void scan_probes(const float* query, std::size_t k, std::size_t nprobe, Scratch& scratch) const;
  void scan_probe(std::size_t probe, Scratch& scratch) const;
  void choose_candidates(std::size_t max_candidates, Scratch& scratch) const;
  void refine_with_extended_codes(Scratch& scratch) const;
  void rerank(const float* query, std::size_t k, Scratch& scratch,
              std::vector<std::pair<float, std::uint64_t>>& out) const;
  void check_invariants() const;  // PersistError unless ids and lists agree (before any save)
  // train() without the calibration: the lists, rotation and settings of `params`.
  static RabitqIndex train_lists(std::span<const float> vectors, std::size_t dim, const BuildParams& params,
                                 const Progress& progress);
  // Whether a build of n rows with `params` in these lists is calibrated.
  [[nodiscard]] bool calibrates(std::size_t n, const BuildParams& params) const noexcept;
  // Calibration (rabitq_calibrate.cpp): measures the table on the build's rows (`vectors` as given,
  // n x dim_, with their ids; empty = the automatic 0..n-1), then sets the defaults from it.
  void calibrate(const float* vectors, std::size_t n, std::span<const std::uint64_t> ids, const BuildParams& params);
  // Searches each of `queries` (as search() sees them) without `self_ids[q]` at `nprobe`, once per
  // rerank factor, counting the hits among `truth` (k ids per query) and the work.
  void measure_queries(std::span<const float> queries, std::span<const std::uint64_t> self_ids,
                       std::span<const std::uint64_t> truth, std::size_t k, std::size_t nprobe,
                       std::span<const double> factors, unsigned threads, std::vector<QueryMeasure>& out) const;
  // The search setting of `params` (0 = the index default, or the table's for a target recall).
  [[nodiscard]] std::pair<std::size_t, double> search_setting(const SearchParams& params) const;
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
  std::size_t count_ = 0;  // rows in the lists
  mutable std::unordered_map<std::uint64_t, Location> location_;
  mutable std::atomic<bool> locations_ready_{true};
  mutable std::atomic<bool> ids_unique_{true};  // false from map() until check_unique_ids() passes
  mutable std::mutex locations_mutex_;
  std::shared_ptr<const void> mapping_;  // keeps the viewed bytes mapped
  std::uint64_t next_id_ = 0;
  std::size_t default_nprobe_ = 1;
  double default_rerank_factor_ = kDefaultRerankFactor;
  Calibration calibration_;
  mutable WriterPreferringSharedMutex mutex_;
};

}  // namespace ruvector::rabitq
