#include "ruvector/rabitq/rabitq_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>
#include <shared_mutex>
#include <string>

#include "ruvector/core/cache_warm.hpp"
#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/half.hpp"
#include "ruvector/core/ids.hpp"
#include "ruvector/core/parallel.hpp"
#include "ruvector/core/top_k.hpp"
#include "ruvector/rabitq/estimator.hpp"
#include "ruvector/rabitq/half_rows.hpp"
#include "ruvector/rabitq/huge_pages.hpp"
#include "ruvector/rabitq/quantizer.hpp"
#include "ruvector/rabitq/random.hpp"
#include "ruvector/rabitq/unit_rows.hpp"
#include "ruvector/simd/distance_matrix.hpp"

namespace ruvector::rabitq {
namespace {

constexpr std::size_t kTrainPerList = 48;  // k-means sample rows per list
constexpr std::size_t kMinTrainSample = 50000;
// The encode stage reports in tenths: nine when the rows are encoded, ten once they are in their lists.
constexpr std::size_t kEncodeTenths = 10;

using Hit = std::pair<float, std::uint64_t>;

// The id is not copied in: it is read (a likely cache miss) only to break ties and for the
// candidates that are reranked, when their stored rows are being fetched anyway.
struct Candidate {
  float est;
  float bound;          // filled in for the candidates that reach reranking
  std::uint32_t probe;  // index into the probed lists of this query
  std::uint32_t pos;
};

// Orders candidates by (estimate, id): a strict weak order even if an estimate is NaN (inf - inf
// from extreme factors or queries), as NaN ranks as +inf, so sorting can never run past its range.
class CandidateOrder {
 public:
  explicit CandidateOrder(const std::vector<const std::uint64_t*>& ids_of_probe) : ids_of_probe_(&ids_of_probe) {}
  [[nodiscard]] std::uint64_t id(const Candidate& c) const { return (*ids_of_probe_)[c.probe][c.pos]; }
  bool operator()(const Candidate& a, const Candidate& b) const {
    const float ea = std::isnan(a.est) ? std::numeric_limits<float>::infinity() : a.est;
    const float eb = std::isnan(b.est) ? std::numeric_limits<float>::infinity() : b.est;
    return ea < eb || (ea == eb && id(a) < id(b));
  }

 private:
  const std::vector<const std::uint64_t*>* ids_of_probe_;
};

// The order of lists to probe: smaller coarse score first, ties by list number.
bool probe_before(float score_a, std::uint32_t list_a, float score_b, std::uint32_t list_b) {
  return score_a < score_b || (score_a == score_b && list_a < list_b);
}

// A list's coarse score for the inner-product metric from its l2 score ||c||^2 - 2 <q, c>:
// -<q, c>, so that the smallest score is still the best list.
float inner_product_score(float l2_score, float centroid_norm_sq) {
  return (l2_score - centroid_norm_sq) * 0.5F;
}

// The metric's units of an l2 estimate: the cosine distance of unit vectors is half their l2.
float l2_to_metric(Metric metric) {
  return metric == Metric::kCosine ? 0.5F : 1.0F;
}
// The scale of an l2 error bound in the metric's units (ip estimates one <r, q'>, not two).
float bound_to_metric(Metric metric) {
  return metric == Metric::kInnerProduct ? 0.5F : l2_to_metric(metric);
}

}  // namespace

// Buffers of one search thread, reused from query to query, in the order search_one's stages fill them.
struct RabitqIndex::Scratch {
  std::vector<float> query;  // normalised for cosine
  // select_probes
  std::vector<float> coarse;                                 // CoarseQuantizer::score_lists' buffer
  std::vector<std::pair<float, std::uint32_t>> list_scores;  // (coarse score, list) of the scored lists
  std::vector<std::uint32_t> probes;                         // the lists to scan, best first
  std::vector<float> probe_scores;                           // their coarse scores (ip: -<q, c>)
  // prepare_query, prepare_probe
  std::vector<float> rotated;                   // q' = P q
  std::vector<float> residuals;                 // per probe P(q - c) (l2, cosine), or q' once (ip)
  std::vector<QueryLut> luts;                   // per probe (l2, cosine), or one (ip)
  std::vector<float> centroid_dots;             // per probe: <q, c> (ip), else 0
  std::vector<const std::uint64_t*> probe_ids;  // per probe: its list's ids
  // scan_probe
  std::vector<std::uint16_t> fastscan_sums;
  std::vector<float> estimates;              // every probed code's estimate, probe after probe
  std::vector<std::size_t> estimates_begin;  // where each probe's estimates start, and the end
  const IdFilter* accept = nullptr;          // SearchParams::accept, when set
  std::vector<std::uint8_t> rejected;        // per estimate: 1 if `accept` refused its id (estimate +inf)
  std::size_t accepted = 0;                  // estimates whose id passed
  // choose_candidates
  std::vector<std::uint16_t> buckets;
  std::vector<Candidate> boundary;
  std::vector<Candidate> candidates;  // sorted by CandidateOrder
  // rerank
  std::vector<float> decoded;
  std::vector<Hit> top_k;    // max-heap of the k best exact distances
  std::size_t reranked = 0;  // exact distances computed, over every query (counted for calibration)
};

namespace {

// The `keep` closest codes by (estimate, id) out of all probed ones. A histogram of the estimates
// finds the bucket holding the keep-th; everything below it is taken, and only that bucket is
// ordered. Bucketing is a monotone function of the estimate, so the set is exactly the one a full
// sort would give, with ~1 predictable branch per code instead of the mispredicted comparisons of
// a selection over all of them. `closer` orders candidates by (estimate, id).
template <typename Closer>
void select_candidates(const std::vector<float>& est, const std::vector<std::size_t>& begin, std::size_t keep,
                       const Closer& closer, std::vector<std::uint16_t>& buckets, std::vector<Candidate>& boundary,
                       std::vector<Candidate>& out) {
  constexpr std::size_t kBuckets = 512;
  out.clear();
  const std::size_t n = est.size();
  const auto emit = [&](std::vector<Candidate>& to, std::size_t p, std::size_t v) {
    const float e = est[begin[p] + v];
    to.push_back({e, 0.0F, static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(v)});
  };
  if (n <= keep) {
    for (std::size_t p = 0; p + 1 < begin.size(); ++p) {
      for (std::size_t v = 0; v < begin[p + 1] - begin[p]; ++v) emit(out, p, v);
    }
    return;
  }
  // Range: eight running minima / maxima the compiler keeps in one vector register each.
  float lo8[8];
  float hi8[8];
  std::fill_n(lo8, 8, est[0]);
  std::fill_n(hi8, 8, est[0]);
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (std::size_t j = 0; j < 8; ++j) {
      lo8[j] = std::min(lo8[j], est[i + j]);
      hi8[j] = std::max(hi8[j], est[i + j]);
    }
  }
  for (; i < n; ++i) {
    lo8[0] = std::min(lo8[0], est[i]);
    hi8[0] = std::max(hi8[0], est[i]);
  }
  const float lo = *std::min_element(lo8, lo8 + 8);
  const float hi = *std::max_element(hi8, hi8 + 8);
  const float width = hi - lo;
  buckets.resize(n);
  if (width > 0.0F && std::isfinite(width)) {
    const float to_bucket = static_cast<float>(kBuckets) / width;
    constexpr auto kTop = static_cast<float>(kBuckets - 1);
    for (std::size_t j = 0; j < n; ++j) {
      buckets[j] = static_cast<std::uint16_t>(std::min(kTop, (est[j] - lo) * to_bucket));
    }
  } else {  // all equal, or infinite estimates: one bucket, ordered by `closer` alone
    std::fill(buckets.begin(), buckets.end(), std::uint16_t{0});
  }
  // Two interleaved histograms halve the store-to-load chains when neighbours share a bucket.
  std::uint32_t hist[2][kBuckets] = {};
  for (std::size_t j = 0; j + 1 < n; j += 2) {
    ++hist[0][buckets[j]];
    ++hist[1][buckets[j + 1]];
  }
  if (n % 2 == 1) ++hist[0][buckets[n - 1]];
  std::size_t below = 0;
  std::size_t cut = 0;
  while (below + hist[0][cut] + hist[1][cut] < keep) {
    below += hist[0][cut] + hist[1][cut];
    ++cut;
  }
  boundary.clear();
  for (std::size_t p = 0; p + 1 < begin.size(); ++p) {
    const std::uint16_t* b = &buckets[begin[p]];
    for (std::size_t v = 0; v < begin[p + 1] - begin[p]; ++v) {
      if (b[v] < cut) {
        emit(out, p, v);
      } else if (b[v] == cut) {
        emit(boundary, p, v);
      }
    }
  }
  const std::size_t need = keep - out.size();
  std::nth_element(boundary.begin(), boundary.begin() + static_cast<std::ptrdiff_t>(need - 1), boundary.end(), closer);
  out.insert(out.end(), boundary.begin(), boundary.begin() + static_cast<std::ptrdiff_t>(need));
}

// Finite inputs can still overflow a squared norm; such codes would poison every estimate.
void check_factors_finite(const std::vector<OneBitCode>& factors, const std::vector<ExtendedCode>& extended) {
  for (std::size_t r = 0; r < factors.size(); ++r) {
    const bool finite =
        std::isfinite(factors[r].add) && std::isfinite(factors[r].scale) &&
        (extended.empty() || (std::isfinite(extended[r].scale) && std::isfinite(extended[r].error_factor)));
    if (!finite) {
      throw_error(ErrorCode::kInvalidInput,
                  "vectors row " + std::to_string(r) +
                      " is too large: its squared distance to its list centre overflows float32");
    }
  }
}

// Stores the `groups` nibbles of the code at position `pos` into its FastScan block of 32 codes:
// byte k * 16 + pos % 16 of the block holds group k of codes pos % 16 (low nibble) and pos % 16 + 16.
void write_fastscan_code(std::uint8_t* block, std::size_t pos, const std::uint8_t* nibbles, std::size_t groups) {
  const std::size_t lane = pos % 16;
  const bool high = (pos % simd::kFastScanBlock) >= 16;
  for (std::size_t k = 0; k < groups; ++k) {
    std::uint8_t& byte = block[k * 16 + lane];
    const std::uint8_t nib = nibbles[k];
    byte = high ? static_cast<std::uint8_t>((byte & 0x0FU) | (static_cast<unsigned>(nib) << 4U))
                : static_cast<std::uint8_t>((byte & 0xF0U) | nib);
  }
}

}  // namespace

RabitqIndex::RabitqIndex(std::size_t dim, Metric metric, int bits, VectorStore store, std::uint64_t seed,
                         RotationKind rotation, CoarseQuantizer quantizer)
    : dim_(dim),
      metric_(metric),
      bits_(bits),
      store_(store),
      seed_(seed),
      rotation_(dim, rotation, seed),
      padded_dim_(rotation_.padded_dim()),
      quantizer_(std::move(quantizer)),
      lists_(quantizer_.lists().size()) {
  finish_setup();
}

RabitqIndex::RabitqIndex(RabitqIndex&& other) noexcept
    : dim_(other.dim_),
      metric_(other.metric_),
      bits_(other.bits_),
      store_(other.store_),
      seed_(other.seed_),
      rotation_(std::move(other.rotation_)),
      padded_dim_(other.padded_dim_),
      quantizer_(std::move(other.quantizer_)),
      rotated_centroids_(std::move(other.rotated_centroids_)),
      lists_(std::move(other.lists_)),
      count_(other.count_),
      location_(std::move(other.location_)),
      locations_ready_(other.locations_ready_.load()),
      ids_unique_(other.ids_unique_.load()),
      mapping_(std::move(other.mapping_)),
      next_id_(other.next_id_),
      default_nprobe_(other.default_nprobe_),
      default_rerank_factor_(other.default_rerank_factor_),
      calibration_(std::move(other.calibration_)) {}

void RabitqIndex::finish_setup() {
  const simd::Kernels& kernels = simd::active_kernels();
  const std::size_t nlist = quantizer_.lists().size();
  rotated_centroids_.assign(nlist * padded_dim_, 0.0F);
  for (std::size_t l = 0; l < nlist; ++l) {
    rotation_.apply(quantizer_.lists().row(l), &rotated_centroids_[l * padded_dim_], kernels);
  }
  default_nprobe_ = automatic_nprobe(nlist);
}

RabitqIndex RabitqIndex::train_lists(std::span<const float> vectors, std::size_t dim, const BuildParams& params,
                                     const Progress& progress) {
  checked_dim(static_cast<std::int64_t>(dim));
  const std::size_t n = check_rows(vectors, dim, "vectors");
  check_finite(vectors, dim, "vectors");
  checked_bits(params.bits);
  checked_nlist(params.nlist);
  checked_nprobe(params.nprobe);
  checked_rerank_factor(params.rerank_factor, /*zero_means_default=*/true);
  checked_target_recall(params.target_recall);
  check_threads(params.threads);
  const auto rotation_kind = params.rotation == RotationKind::kAuto ? Rotation::automatic(dim) : params.rotation;
  const std::string rotation_issue = rotation_problem(dim, rotation_kind);
  if (!rotation_issue.empty()) throw_error(ErrorCode::kInvalidInput, rotation_issue);
  const std::size_t nlist = params.nlist == 0 ? automatic_nlist(n) : static_cast<std::size_t>(params.nlist);
  if (nlist > n) {
    throw_error(ErrorCode::kInvalidInput,
                "nlist " + std::to_string(nlist) + " is larger than the number of vectors " + std::to_string(n));
  }

  std::vector<float> unit;  // the cosine metric indexes unit vectors
  const float* data = vectors.data();
  if (params.metric == Metric::kCosine) {
    unit.assign(vectors.begin(), vectors.end());
    normalize_rows(unit, dim);
    data = unit.data();
  }
  // Training sample: a seeded subset of rows.
  Rng rng(params.seed ^ 0x73616D706C65ULL);  // "sample"
  const std::size_t sample_n = nlist == 1 ? 0 : std::min(n, std::max(kMinTrainSample, nlist * kTrainPerList));
  std::vector<float> sample;
  if (nlist > 1) {
    const std::vector<std::size_t> order = sample_rows(rng, n, sample_n);
    sample.reserve(sample_n * dim);
    for (std::size_t i = 0; i < sample_n; ++i)
      sample.insert(sample.end(), data + order[i] * dim, data + (order[i] + 1) * dim);
  }
  CoarseQuantizer quantizer =
      nlist == 1 ? CoarseQuantizer(CentroidTable(std::vector<float>(dim, 0.0F), dim), CentroidTable(), {})
                 : CoarseQuantizer::train(sample.data(), sample_n, dim, nlist, params.seed, params.threads, progress);
  if (progress) progress({"train", 1, 1});
  RabitqIndex index(dim, params.metric, params.bits, params.store, params.seed, rotation_kind, std::move(quantizer));
  index.default_rerank_factor_ = params.rerank_factor > 0.0 ? params.rerank_factor : kDefaultRerankFactor;
  if (params.nprobe > 0)
    index.default_nprobe_ = std::min<std::size_t>(index.lists_.size(), static_cast<std::size_t>(params.nprobe));
  return index;
}

RabitqIndex RabitqIndex::train(std::span<const float> vectors, std::size_t dim, const BuildParams& params,
                               const Progress& progress) {
  RabitqIndex index = train_lists(vectors, dim, params, progress);
  const std::size_t n = vectors.size() / dim;
  if (!index.calibrates(n, params)) return index;
  // The defaults build() would give are measured on the rows: add them, calibrate, keep none of them.
  index.add(vectors, {}, params.threads);
  index.calibrate(vectors.data(), n, {}, params);
  return index.empty_copy();
}

RabitqIndex RabitqIndex::build(std::span<const float> vectors, std::size_t dim, std::span<const std::uint64_t> ids,
                               const BuildParams& params, const Progress& progress) {
  RabitqIndex index = train_lists(vectors, dim, params, progress);
  index.add(vectors, ids, params.threads);
  const std::size_t n = vectors.size() / dim;
  if (index.calibrates(n, params)) index.calibrate(vectors.data(), n, ids, params);
  // Once per build and load, not per add(): each call walks every list (~0.2 ms at 1M rows), too
  // much for small incremental adds, whose new rows just stay on 4 KB pages.
  index.back_rows_with_huge_pages();
  if (progress) progress({"encode", kEncodeTenths, kEncodeTenths});
  return index;
}

bool RabitqIndex::calibrates(std::size_t n, const BuildParams& params) const noexcept {
  // More than k rows, so each sampled row (n / 10 of them) has k others (only a lowered calibrate_from
  // gets near it).
  return params.calibrate && n >= params.calibrate_from && n > kCalibrationK && nlist() > 1;
}

RabitqIndex RabitqIndex::build_in(const RabitqIndex& partition, std::span<const float> vectors,
                                  std::span<const std::uint64_t> ids, unsigned threads) {
  RabitqIndex index = partition.empty_copy();
  index.add(vectors, ids, threads);
  index.back_rows_with_huge_pages();
  return index;
}

RabitqIndex RabitqIndex::empty_copy() const {
  // The quantizer and the defaults never change after build or load: no lock needed to read them.
  RabitqIndex copy(dim_, metric_, bits_, store_, seed_, rotation_.kind(), quantizer_);
  copy.default_nprobe_ = default_nprobe_;
  copy.default_rerank_factor_ = default_rerank_factor_;
  copy.calibration_ = calibration_;
  return copy;
}

bool RabitqIndex::same_partition(const RabitqIndex& other) const {
  return dim_ == other.dim_ && metric_ == other.metric_ && bits_ == other.bits_ && store_ == other.store_ &&
         seed_ == other.seed_ && rotation_.kind() == other.rotation_.kind() &&
         quantizer_.lists().rows() == other.quantizer_.lists().rows() &&
         quantizer_.top().rows() == other.quantizer_.top().rows() &&
         quantizer_.top_of_list() == other.quantizer_.top_of_list();
}

void RabitqIndex::add(std::span<const float> vectors, std::span<const std::uint64_t> ids, unsigned threads) {
  const std::size_t rows = check_rows(vectors, dim_, "vectors");
  check_finite(vectors, dim_, "vectors");
  std::vector<float> unit;
  const float* data = vectors.data();
  if (metric_ == Metric::kCosine) {
    unit.assign(vectors.begin(), vectors.end());
    normalize_rows(unit, dim_);
    data = unit.data();
  }
  check_threads(threads);
  const std::unique_lock lock(mutex_);
  ensure_locations();
  std::vector<std::uint64_t> automatic;
  ids = ids_for_new_rows(ids, rows, next_id_, [&](std::uint64_t id) { return location_.contains(id); }, automatic);
  insert(data, rows, ids, threads, {});
}

void RabitqIndex::append_slot(List& list) {
  const std::size_t n = list.size();  // after the id was pushed: slot n - 1 is new
  if ((n - 1) % simd::kFastScanBlock == 0) list.codes.owned().resize(list.codes.size() + groups() * 16, 0);
}

// Room for the new rows of each list. An empty list (every list during build) gets exactly what it
// needs: vectors grown by push_back would keep up to half their capacity unused (at 1M x 128 the
// index held ~1.5x its file size in memory). A list that already holds rows grows geometrically,
// so repeated small add() calls stay amortised O(1) per row.
void RabitqIndex::reserve_for(std::span<const std::uint32_t> list_of_new_rows) {
  std::vector<std::size_t> added(lists_.size(), 0);
  for (const std::uint32_t l : list_of_new_rows) ++added[l];
  for (std::size_t l = 0; l < lists_.size(); ++l) {
    List& list = lists_[l];
    if (added[l] == 0) continue;
    const std::size_t n = list.size() + added[l];
    const std::size_t target = list.size() == 0 ? n : std::max(n, list.ids.owned().capacity() * 3 / 2);
    list.ids.owned().reserve(target);
    list.codes.owned().reserve((target + simd::kFastScanBlock - 1) / simd::kFastScanBlock * groups() * 16);
    list.add.owned().reserve(target);
    list.scale.owned().reserve(target);
    if (bits_ > 1) {
      list.ex_codes.owned().reserve(target * padded_dim_);
      list.ex_scale.owned().reserve(target);
      list.ex_error.owned().reserve(target);
    }
    if (store_ == VectorStore::kF32) list.f32.owned().reserve(target * dim_);
    if (store_ == VectorStore::kF16) list.f16.owned().reserve(target * dim_);
  }
}

void RabitqIndex::insert(const float* vectors, std::size_t rows, std::span<const std::uint64_t> ids, unsigned threads,
                         const Progress& progress) {
  const simd::Kernels& kernels = simd::active_kernels();
  const std::size_t g = groups();
  const std::size_t pd = padded_dim_;
  // 1. Encode every row in parallel into temporary per-row buffers (deterministic per row).
  std::vector<std::uint32_t> list_of(rows);
  std::vector<std::uint8_t> nibbles(rows * g);
  std::vector<OneBitCode> factors(rows);
  std::vector<std::uint8_t> ex(bits_ > 1 ? rows * pd : 0);
  std::vector<ExtendedCode> ex_factors(bits_ > 1 ? rows : 0);
  parallel_for(rows, threads, 512, [&](std::size_t begin, std::size_t end) {
    std::vector<float> scratch;
    std::vector<float> rotated(pd);
    for (std::size_t r = begin; r < end; ++r) {
      const float* x = vectors + r * dim_;
      const std::size_t l = quantizer_.assign(x, scratch, kernels);
      list_of[r] = static_cast<std::uint32_t>(l);
      rotation_.apply(x, rotated.data(), kernels);
      const float* c = &rotated_centroids_[l * pd];
      for (std::size_t i = 0; i < pd; ++i) rotated[i] -= c[i];
      factors[r] = encode_one_bit(rotated.data(), pd, &nibbles[r * g]);
      if (bits_ > 1) ex_factors[r] = encode_extended(rotated.data(), pd, bits_, &ex[r * pd]);
    }
  });
  check_factors_finite(factors, ex_factors);
  if (progress) progress({"encode", kEncodeTenths - 1, kEncodeTenths});  // encoded, not yet appended
  // 2. Append to the lists in input order.
  reserve_for(list_of);
  for (std::size_t r = 0; r < rows; ++r) {
    List& list = lists_[list_of[r]];
    const std::size_t pos = list.size();
    list.ids.owned().push_back(ids[r]);
    append_slot(list);
    write_fastscan_code(&list.codes.owned()[(pos / simd::kFastScanBlock) * g * 16], pos, &nibbles[r * g], g);
    list.add.owned().push_back(factors[r].add);
    list.scale.owned().push_back(factors[r].scale);
    if (bits_ > 1) {
      std::vector<std::uint8_t>& ex_codes = list.ex_codes.owned();
      ex_codes.insert(ex_codes.end(), ex.begin() + static_cast<std::ptrdiff_t>(r * pd),
                      ex.begin() + static_cast<std::ptrdiff_t>((r + 1) * pd));
      list.ex_scale.owned().push_back(ex_factors[r].scale);
      list.ex_error.owned().push_back(ex_factors[r].error_factor);
    }
    const float* x = vectors + r * dim_;
    if (store_ == VectorStore::kF32) {
      std::vector<float>& f32 = list.f32.owned();
      f32.insert(f32.end(), x, x + dim_);
    }
    if (store_ == VectorStore::kF16) {
      std::vector<std::uint16_t>& f16 = list.f16.owned();
      for (std::size_t i = 0; i < dim_; ++i) f16.push_back(float_to_half(x[i]));
    }
    location_[ids[r]] = {list_of[r], static_cast<std::uint32_t>(pos)};
    next_id_ = next_auto_id(next_id_, ids[r]);
  }
  count_ += rows;
}

void RabitqIndex::check_unique_ids() const {
  const std::shared_lock lock(mutex_);
  check_unique_ids_locked();
}

void RabitqIndex::check_unique_ids_locked() const {
  if (ids_unique_.load(std::memory_order_acquire)) return;
  std::vector<std::uint64_t> sorted;
  sorted.reserve(count_);
  for (const List& list : lists_) sorted.insert(sorted.end(), list.ids.data(), list.ids.data() + list.size());
  std::sort(sorted.begin(), sorted.end());
  const auto twice = std::adjacent_find(sorted.begin(), sorted.end());
  if (twice != sorted.end())
    throw_error(ErrorCode::kPersistError, "corrupt index: duplicate id " + std::to_string(*twice));
  ids_unique_.store(true, std::memory_order_release);
}

void RabitqIndex::ensure_locations() const {
  if (locations_ready_.load(std::memory_order_acquire)) return;
  const std::scoped_lock lock(locations_mutex_);
  if (locations_ready_.load(std::memory_order_relaxed)) return;
  std::unordered_map<std::uint64_t, Location> built;
  built.reserve(count_);
  for (std::size_t l = 0; l < lists_.size(); ++l) {
    const List& list = lists_[l];
    for (std::size_t pos = 0; pos < list.size(); ++pos) {
      if (!built.emplace(list.ids[pos], Location{static_cast<std::uint32_t>(l), static_cast<std::uint32_t>(pos)})
               .second) {
        throw_error(ErrorCode::kPersistError, "corrupt index: duplicate id " + std::to_string(list.ids[pos]));
      }
    }
  }
  location_ = std::move(built);
  // The map holds every id once: a mapped file's deferred duplicate check has passed.
  ids_unique_.store(true, std::memory_order_release);
  locations_ready_.store(true, std::memory_order_release);
}

void RabitqIndex::back_rows_with_huge_pages() const {
  constexpr std::size_t kMinBytes = std::size_t{64} << 20U;  // smaller stores stay within the TLB's reach
  std::vector<std::pair<std::uintptr_t, std::uintptr_t>> ranges;
  std::size_t bytes = 0;
  for (const List& list : lists_) {
    if (list.f32.is_view() || list.f16.is_view()) continue;  // file pages: the page cache's to back
    const void* data = store_ == VectorStore::kF32 ? static_cast<const void*>(list.f32.data()) : list.f16.data();
    const std::size_t size =
        store_ == VectorStore::kF32 ? list.f32.size() * sizeof(float) : list.f16.size() * sizeof(std::uint16_t);
    if (size == 0) continue;
    const auto at = reinterpret_cast<std::uintptr_t>(data);
    ranges.emplace_back(at, at + size);
    bytes += size;
  }
  if (bytes >= kMinBytes) collapse_to_huge_pages(ranges);
}

void RabitqIndex::move_slot(List& list, std::size_t from, std::size_t to) {
  const std::size_t g = groups();
  std::vector<std::uint8_t>& codes = list.codes.owned();
  const auto nibble_at = [&](std::size_t pos, std::size_t k) -> std::uint8_t& {
    return codes[(pos / simd::kFastScanBlock) * g * 16 + k * 16 + pos % 16];
  };
  const bool from_high = (from % simd::kFastScanBlock) >= 16;
  const bool to_high = (to % simd::kFastScanBlock) >= 16;
  for (std::size_t k = 0; k < g; ++k) {
    const std::uint8_t nib = from_high ? static_cast<std::uint8_t>(nibble_at(from, k) >> 4U)
                                       : static_cast<std::uint8_t>(nibble_at(from, k) & 0x0FU);
    std::uint8_t& byte = nibble_at(to, k);
    byte = to_high ? static_cast<std::uint8_t>((byte & 0x0FU) | (static_cast<unsigned>(nib) << 4U))
                   : static_cast<std::uint8_t>((byte & 0xF0U) | nib);
  }
  const auto copy_slot = [&](auto& column, std::size_t width) {
    auto& values = column.owned();
    std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(from * width), width,
                values.begin() + static_cast<std::ptrdiff_t>(to * width));
  };
  copy_slot(list.ids, 1);
  copy_slot(list.add, 1);
  copy_slot(list.scale, 1);
  if (bits_ > 1) {
    copy_slot(list.ex_codes, padded_dim_);
    copy_slot(list.ex_scale, 1);
    copy_slot(list.ex_error, 1);
  }
  if (store_ == VectorStore::kF32) copy_slot(list.f32, dim_);
  if (store_ == VectorStore::kF16) copy_slot(list.f16, dim_);
}

std::size_t RabitqIndex::remove(std::span<const std::uint64_t> ids) {
  const std::unique_lock lock(mutex_);
  ensure_locations();
  std::size_t removed = 0;
  for (const std::uint64_t id : ids) {
    const auto it = location_.find(id);
    if (it == location_.end()) continue;
    const Location loc = it->second;
    List& list = lists_[loc.list];
    const std::size_t last = list.size() - 1;
    if (loc.pos != last) {
      move_slot(list, last, loc.pos);
      location_[list.ids[loc.pos]] = loc;
    }
    list.ids.owned().pop_back();
    list.add.owned().pop_back();
    list.scale.owned().pop_back();
    if (bits_ > 1) {
      list.ex_codes.owned().resize(list.size() * padded_dim_);
      list.ex_scale.owned().pop_back();
      list.ex_error.owned().pop_back();
    }
    if (store_ == VectorStore::kF32) list.f32.owned().resize(list.size() * dim_);
    if (store_ == VectorStore::kF16) list.f16.owned().resize(list.size() * dim_);
    list.codes.owned().resize((list.size() + simd::kFastScanBlock - 1) / simd::kFastScanBlock * groups() * 16);
    location_.erase(it);
    --count_;
    ++removed;
  }
  return removed;
}

SearchResults RabitqIndex::search(std::span<const float> queries, std::int64_t k, const SearchParams& params) const {
  check_k(k);
  const std::size_t query_count = check_rows(queries, dim_, "queries");
  check_finite(queries, dim_, "queries");
  checked_nprobe(params.nprobe);
  checked_rerank_factor(params.rerank_factor, /*zero_means_default=*/true);
  check_threads(params.threads);
  // NOLINTNEXTLINE(modernize-use-structured-binding): clang 14 (emscripten) cannot capture a structured binding
  const std::pair<std::size_t, double> setting = search_setting(params);
  const std::size_t nprobe = setting.first;  // a named variable: clang 14 cannot capture a structured binding
  const double rerank_factor = setting.second;
  const std::shared_lock lock(mutex_);
  const std::size_t vector_count = count_;
  if (vector_count == 0) throw_error(ErrorCode::kEmptyIndex, "search on an empty index: add vectors first");
  // Compared in 64 bits: on wasm32 a cast of k to size_t first would wrap 2^40 to 0.
  const auto hits_per_query =
      static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(k), vector_count));
  // In double and capped at the index size before the cast: rerank_factor * k may exceed size_t on wasm32.
  const auto candidates_per_query = static_cast<std::size_t>(std::min(
      static_cast<double>(vector_count),
      std::max(static_cast<double>(hits_per_query), std::ceil(rerank_factor * static_cast<double>(hits_per_query)))));

  SearchResults out;
  out.queries = query_count;
  out.k = hits_per_query;
  out.ids.resize(query_count * hits_per_query);
  out.distances.resize(query_count * hits_per_query);
  std::vector<std::size_t> found(query_count, 0);  // < hits_per_query only when fewer codes pass `accept`
  parallel_for(query_count, params.threads, 1, [&](std::size_t begin, std::size_t end) {
    Scratch scratch;
    scratch.accept = params.accept ? &params.accept : nullptr;
    std::vector<Hit> hits;
    std::vector<float>& query = scratch.query;
    query.resize(dim_);
    for (std::size_t q = begin; q < end; ++q) {
      std::copy_n(queries.data() + q * dim_, dim_, query.begin());
      if (metric_ == Metric::kCosine) normalize_rows(query, dim_);
      search_one(query.data(), hits_per_query, nprobe, candidates_per_query, scratch, hits);
      found[q] = std::min(hits.size(), hits_per_query);
      for (std::size_t j = 0; j < found[q]; ++j) {
        out.distances[q * hits_per_query + j] = hits[j].first;
        out.ids[q * hits_per_query + j] = hits[j].second;
      }
    }
  });
  if (params.accept) shrink_columns(out, found);
  return out;
}

void RabitqIndex::measure_queries(std::span<const float> queries, std::span<const std::uint64_t> self_ids,
                                  std::span<const std::uint64_t> truth, std::size_t k, std::size_t nprobe,
                                  std::span<const double> factors, unsigned threads,
                                  std::vector<QueryMeasure>& out) const {
  out.assign(self_ids.size(), {});
  parallel_for(self_ids.size(), threads, 1, [&](std::size_t begin, std::size_t end) {
    Scratch scratch;
    std::vector<Hit> hits;
    for (std::size_t q = begin; q < end; ++q) {
      const std::uint64_t self = self_ids[q];
      const IdFilter without_self = [self](std::uint64_t id) { return id != self; };
      scratch.accept = &without_self;
      const float* query = &queries[q * dim_];
      QueryMeasure& measure = out[q];
      select_probes(query, nprobe, scratch);
      prepare_query(query, scratch);
      scan_probes(query, k, nprobe, scratch);
      measure.codes_scanned = scratch.estimates.size();
      measure.centroids_scored = scratch.list_scores.size() + quantizer_.top().size();
      const std::span<const std::uint64_t> neighbours = truth.subspan(q * k, k);
      for (const double factor : factors) {
        const auto candidates = std::min(count_, static_cast<std::size_t>(std::ceil(factor * static_cast<double>(k))));
        if (!measure.candidates.empty() && measure.candidates.back() == scratch.accepted) {
          // Every accepted code was a candidate already: a larger factor searches the same way.
          measure.candidates.push_back(measure.candidates.back());
          measure.reranked.push_back(measure.reranked.back());
          measure.hits.push_back(measure.hits.back());
          continue;
        }
        choose_candidates(candidates, scratch);
        measure.candidates.push_back(static_cast<std::uint32_t>(scratch.candidates.size()));
        if (bits_ > 1) refine_with_extended_codes(scratch);
        scratch.reranked = 0;
        rerank(query, k, scratch, hits);
        measure.reranked.push_back(static_cast<std::uint32_t>(scratch.reranked));
        std::uint32_t found = 0;
        for (const Hit& hit : hits)
          found += std::find(neighbours.begin(), neighbours.end(), hit.second) != neighbours.end() ? 1 : 0;
        measure.hits.push_back(found);
      }
    }
  });
}

std::pair<std::size_t, double> RabitqIndex::search_setting(const SearchParams& params) const {
  // The table and the defaults never change after build or load: no lock needed to read them.
  const auto fixed_nprobe = static_cast<std::size_t>(params.nprobe);
  std::size_t nprobe = fixed_nprobe > 0 ? fixed_nprobe : default_nprobe_;
  double rerank_factor = params.rerank_factor > 0.0 ? params.rerank_factor : default_rerank_factor_;
  if (params.target_recall) {
    const double target = checked_target_recall(*params.target_recall);
    const CalibrationEntry* entry = choose_setting(calibration_, target, fixed_nprobe, params.rerank_factor);
    if (entry == nullptr) {
      throw_error(ErrorCode::kInvalidInput,
                  calibration_.empty()
                      ? "target_recall needs the index's calibration table, and this index has none (built from fewer "
                        "than " +
                            std::to_string(kCalibrateFrom) +
                            " rows, with one list or with calibrate off, or saved before format version 2): pass "
                            "nprobe and rerank_factor"
                      : "target_recall: no calibrated setting within nprobe " + std::to_string(fixed_nprobe) +
                            " and rerank_factor " + std::to_string(params.rerank_factor));
    }
    if (fixed_nprobe == 0) nprobe = entry->nprobe;
    if (params.rerank_factor == 0.0) rerank_factor = entry->rerank_factor;
  }
  return {std::min(lists_.size(), nprobe), rerank_factor};
}

// One query, in stages: choose the lists to probe, rotate the query, estimate the distance of
// every code in the probed lists, keep the closest estimates as candidates, refine them with the
// extended codes, then rerank them exactly (skipping those whose bound proves them out of the top k).
void RabitqIndex::search_one(const float* query, std::size_t k, std::size_t nprobe, std::size_t max_candidates,
                             Scratch& scratch, std::vector<Hit>& out) const {
  select_probes(query, nprobe, scratch);
  // Everything a probe reads is requested one list ahead: the first list's fetch overlaps the rotation.
  if (!scratch.probes.empty()) prefetch_list(scratch.probes[0]);
  prepare_query(query, scratch);
  scan_probes(query, k, nprobe, scratch);
  choose_candidates(max_candidates, scratch);
  if (bits_ > 1) refine_with_extended_codes(scratch);
  rerank(query, k, scratch, out);
}

// The nprobe closest lists (by l2, or by largest <q, c> for ip). With a two-level quantizer only the
// lists of the closest top clusters are scored: enough of them to hold 4 x nprobe lists and 6 top
// clusters more, at least 8. Half that (the earlier rule) missed the true nearest lists often
// enough to cost 3 points of recall at nprobe 128 and 4 at nprobe 16 on debian-minilm (922
// lists in 31 top clusters; bench/coarse_coverage.py). The rest are scored only if the probes come up short
// (add_remaining_probes).
void RabitqIndex::select_probes(const float* query, std::size_t nprobe, Scratch& scratch) const {
  const CentroidTable& centroids = quantizer_.lists();
  std::vector<std::pair<float, std::uint32_t>>& list_scores = scratch.list_scores;
  list_scores.clear();
  const std::size_t tops = quantizer_.top().size();
  const std::size_t lists_per_top = tops == 0 ? 1 : (centroids.size() + tops - 1) / tops;
  const std::size_t top_probes =
      tops == 0 ? 0 : std::min(tops, std::max<std::size_t>(8, 4 * nprobe / lists_per_top + 6));
  quantizer_.score_lists(query, top_probes, scratch.coarse, list_scores, simd::active_kernels());
  if (metric_ == Metric::kInnerProduct) {
    for (auto& [score, list] : list_scores) score = inner_product_score(score, centroids.norm_sq(list));
  }
  // One pass keeping a small sorted prefix (most lists fail the first comparison).
  std::vector<std::uint32_t>& probes = scratch.probes;
  std::vector<float>& probe_scores = scratch.probe_scores;
  probes.clear();
  probe_scores.clear();
  for (const auto& [score, list] : list_scores) {
    if (probes.size() == nprobe && !probe_before(score, list, probe_scores.back(), probes.back())) continue;
    if (probes.size() == nprobe) {
      probes.pop_back();
      probe_scores.pop_back();
    }
    std::size_t at = probes.size();
    while (at > 0 && probe_before(score, list, probe_scores[at - 1], probes[at - 1])) --at;
    probes.insert(probes.begin() + static_cast<std::ptrdiff_t>(at), list);
    probe_scores.insert(probe_scores.begin() + static_cast<std::ptrdiff_t>(at), score);
  }
}

// Rare: the probed lists hold fewer than k vectors. Every other list is scored and queued, best first.
void RabitqIndex::add_remaining_probes(const float* query, Scratch& scratch) const {
  const CentroidTable& centroids = quantizer_.lists();
  std::vector<float> l2_scores(centroids.size());
  centroids.partial_l2(query, l2_scores.data(), simd::active_kernels());
  const auto score = [&](std::uint32_t list) {
    return metric_ == Metric::kInnerProduct ? inner_product_score(l2_scores[list], centroids.norm_sq(list))
                                            : l2_scores[list];
  };
  std::vector<std::uint32_t> rest;
  for (std::uint32_t list = 0; list < centroids.size(); ++list) {
    if (std::find(scratch.probes.begin(), scratch.probes.end(), list) == scratch.probes.end()) rest.push_back(list);
  }
  std::sort(rest.begin(), rest.end(),
            [&](std::uint32_t a, std::uint32_t b) { return probe_before(score(a), a, score(b), b); });
  scratch.probes.insert(scratch.probes.end(), rest.begin(), rest.end());
  for (const std::uint32_t list : rest) scratch.probe_scores.push_back(score(list));
}

// Requests everything a probe reads (its centroid, codes and factors), so the fetch overlaps the
// work on the previous list.
void RabitqIndex::prefetch_list(std::uint32_t list_number) const {
  const auto fetch = [](const void* data, std::size_t bytes) {
    const auto* at = static_cast<const char*>(data);
    for (std::size_t off = 0; off < bytes; off += 64) __builtin_prefetch(at + off);
  };
  const List& list = lists_[list_number];
  if (metric_ != Metric::kInnerProduct) {
    fetch(&rotated_centroids_[static_cast<std::size_t>(list_number) * padded_dim_], padded_dim_ * sizeof(float));
  }
  fetch(list.codes.data(), list.codes.size());
  fetch(list.add.data(), list.size() * sizeof(float));
  fetch(list.scale.data(), list.size() * sizeof(float));
}

// q' = P q. For ip, q' itself is the residual of every list, so its one LUT is built here.
void RabitqIndex::prepare_query(const float* query, Scratch& scratch) const {
  std::vector<float>& rotated = scratch.rotated;
  rotated.resize(padded_dim_);
  rotation_.apply(query, rotated.data(), simd::active_kernels());
  scratch.centroid_dots.clear();
  scratch.probe_ids.clear();
  if (metric_ == Metric::kInnerProduct) {
    scratch.residuals.assign(rotated.begin(), rotated.end());
    if (scratch.luts.empty()) scratch.luts.emplace_back();
    scratch.luts[0].build(scratch.residuals.data(), padded_dim_);
  }
}

// The query against probe number `probe`: for l2 and cosine, the rotated residual q' - P c and its LUT.
void RabitqIndex::prepare_probe(std::size_t probe, Scratch& scratch) const {
  const std::uint32_t list_number = scratch.probes[probe];
  scratch.probe_ids.push_back(lists_[list_number].ids.data());
  if (metric_ == Metric::kInnerProduct) {
    scratch.centroid_dots.push_back(-scratch.probe_scores[probe]);  // ip scores are -<q, c>
    return;
  }
  scratch.centroid_dots.push_back(0.0F);
  scratch.residuals.resize((probe + 1) * padded_dim_);
  float* residual = &scratch.residuals[probe * padded_dim_];
  const float* centroid = &rotated_centroids_[static_cast<std::size_t>(list_number) * padded_dim_];
  for (std::size_t i = 0; i < padded_dim_; ++i) residual[i] = scratch.rotated[i] - centroid[i];
  if (scratch.luts.size() <= probe) scratch.luts.emplace_back();
  scratch.luts[probe].build(residual, padded_dim_);
}

// Estimates every code of nprobe lists, and of more lists while fewer than k codes were found (tiny
// lists, or a filter that refuses most ids).
void RabitqIndex::scan_probes(const float* query, std::size_t k, std::size_t nprobe, Scratch& scratch) const {
  const std::size_t list_count = quantizer_.lists().size();
  scratch.estimates.clear();
  scratch.estimates_begin.assign(1, 0);
  scratch.rejected.clear();
  scratch.accepted = 0;
  for (std::size_t probe = 0; probe < list_count && (probe < nprobe || scratch.accepted < k); ++probe) {
    if (probe == scratch.probes.size()) add_remaining_probes(query, scratch);
    if (probe + 1 < scratch.probes.size()) prefetch_list(scratch.probes[probe + 1]);
    prepare_probe(probe, scratch);
    scan_probe(probe, scratch);
  }
}

// FastScan over one probed list's 1-bit codes, then their distance estimates (estimator.hpp).
void RabitqIndex::scan_probe(std::size_t probe, Scratch& scratch) const {
  const List& list = lists_[scratch.probes[probe]];
  const std::size_t count = list.size();
  scratch.estimates_begin.push_back(scratch.estimates_begin.back() + count);
  scratch.estimates.resize(scratch.estimates_begin.back());
  if (count == 0) return;
  const bool inner_product = metric_ == Metric::kInnerProduct;
  const QueryLut& lut = scratch.luts[inner_product ? 0 : probe];
  const std::size_t blocks = (count + simd::kFastScanBlock - 1) / simd::kFastScanBlock;
  scratch.fastscan_sums.resize(blocks * simd::kFastScanBlock);
  simd::active_kernels().fastscan(list.codes.data(), blocks, lut.lut.data(), groups(), scratch.fastscan_sums.data());
  float* estimates = &scratch.estimates[scratch.estimates_begin[probe]];
  if (inner_product) {
    estimate_ip(lut, scratch.fastscan_sums.data(), list.scale.data(), count, scratch.centroid_dots[probe], estimates);
  } else {
    estimate_l2(lut, scratch.fastscan_sums.data(), list.add.data(), list.scale.data(), count, l2_to_metric(metric_),
                estimates);
  }
  scratch.accepted += count;
  if (scratch.accept == nullptr) return;
  // Refused codes sort after every accepted one and are dropped once the candidates are chosen.
  scratch.rejected.resize(scratch.estimates_begin.back(), 0);
  std::uint8_t* rejected = &scratch.rejected[scratch.estimates_begin[probe]];
  for (std::size_t pos = 0; pos < count; ++pos) {
    if ((*scratch.accept)(list.ids[pos])) continue;
    rejected[pos] = 1;
    estimates[pos] = std::numeric_limits<float>::infinity();
    --scratch.accepted;
  }
}

// The max_candidates best estimates, sorted. Exact rerank reads one stored row per candidate, each a
// likely cache miss: they are all requested before the sort (in list and position order, as
// selected: neighbours in memory share pages), so the sort and the first reranks overlap the latency.
void RabitqIndex::choose_candidates(std::size_t max_candidates, Scratch& scratch) const {
  const CandidateOrder closer(scratch.probe_ids);
  std::vector<Candidate>& candidates = scratch.candidates;
  select_candidates(scratch.estimates, scratch.estimates_begin, max_candidates, closer, scratch.buckets,
                    scratch.boundary, candidates);
  if (scratch.accept != nullptr) {
    std::erase_if(candidates,
                  [&](const Candidate& c) { return scratch.rejected[scratch.estimates_begin[c.probe] + c.pos] != 0; });
  }
  if (store_ != VectorStore::kNone) {
    const std::size_t row_bytes = dim_ * (store_ == VectorStore::kF32 ? sizeof(float) : sizeof(std::uint16_t));
    for (const Candidate& c : candidates) {
      const List& list = lists_[scratch.probes[c.probe]];
      const char* row = store_ == VectorStore::kF32 ? reinterpret_cast<const char*>(&list.f32[c.pos * dim_])
                                                    : reinterpret_cast<const char*>(&list.f16[c.pos * dim_]);
      for (std::size_t off = 0; off < row_bytes; off += 64) __builtin_prefetch(row + off);
      __builtin_prefetch(&scratch.probe_ids[c.probe][c.pos]);
    }
  }
  std::sort(candidates.begin(), candidates.end(), closer);
}

// Extended codes refine the estimate and tighten the bound of every candidate, which reorders them.
void RabitqIndex::refine_with_extended_codes(Scratch& scratch) const {
  const bool inner_product = metric_ == Metric::kInnerProduct;
  const float to_metric = l2_to_metric(metric_);
  const float bound_scale = bound_to_metric(metric_);
  for (Candidate& c : scratch.candidates) {
    const List& list = lists_[scratch.probes[c.probe]];
    const std::size_t query_of_probe = inner_product ? 0 : c.probe;
    const QueryLut& lut = scratch.luts[query_of_probe];
    const float* residual = &scratch.residuals[query_of_probe * padded_dim_];
    const float dot =
        extended_dot(&list.ex_codes[c.pos * padded_dim_], residual, padded_dim_, bits_, lut.sum, list.ex_scale[c.pos]);
    c.est = inner_product ? ip_from_dot(scratch.centroid_dots[c.probe], dot)
                          : l2_from_dot(list.add[c.pos], lut, dot, to_metric);
    c.bound = extended_bound(lut, list.ex_error[c.pos]) * bound_scale;
  }
  std::sort(scratch.candidates.begin(), scratch.candidates.end(), CandidateOrder(scratch.probe_ids));
}

// The k best candidates by exact distance from their stored rows (by estimate when none are stored).
// A candidate whose estimate is worse than the k-th exact distance by more than its error bound is
// skipped: it cannot enter the top k. The 1-bit bound (four square roots) is computed only for
// those candidates, as no other can be skipped (the bound is >= 0).
void RabitqIndex::rerank(const float* query, std::size_t k, Scratch& scratch, std::vector<Hit>& out) const {
  const CandidateOrder order(scratch.probe_ids);
  const std::vector<Candidate>& candidates = scratch.candidates;
  out.clear();
  if (store_ == VectorStore::kNone) {
    for (std::size_t i = 0; i < std::min(k, candidates.size()); ++i) {
      out.emplace_back(candidates[i].est, order.id(candidates[i]));
    }
    return;
  }
  const bool inner_product = metric_ == Metric::kInnerProduct;
  const float bound_scale = bound_to_metric(metric_);
  const auto bound_of = [&](const Candidate& c) {
    if (bits_ > 1) return c.bound;
    const List& list = lists_[scratch.probes[c.probe]];
    const QueryLut& lut = scratch.luts[inner_product ? 0 : c.probe];
    return one_bit_bound(lut, list.add[c.pos], list.scale[c.pos], padded_dim_) * bound_scale;
  };
  const DistanceFn exact = distance_fn(simd::active_kernels(), metric_);
  std::vector<float>& decoded = scratch.decoded;
  decoded.resize(store_ == VectorStore::kF16 ? dim_ : 0);
  std::vector<Hit>& top_k = scratch.top_k;
  top_k.clear();
  for (const Candidate& c : candidates) {
    if (top_k.size() == k && c.est > top_k.front().first && c.est - bound_of(c) > top_k.front().first) continue;
    const List& list = lists_[scratch.probes[c.probe]];
    const float* row = nullptr;
    if (store_ == VectorStore::kF32) {
      row = &list.f32[c.pos * dim_];
    } else {
      half_row_to_float(&list.f16[c.pos * dim_], decoded.data(), dim_);
      row = decoded.data();
    }
    keep_if_top_k(top_k, k, Hit{exact(query, row, dim_), order.id(c)});
    ++scratch.reranked;
  }
  std::sort_heap(top_k.begin(), top_k.end());
  out.assign(top_k.begin(), top_k.end());
}

std::size_t RabitqIndex::size() const {
  const std::shared_lock lock(mutex_);
  return count_;
}

std::size_t RabitqIndex::code_bytes_per_vector() const noexcept {
  std::size_t bytes = padded_dim_ / 8 + 2 * sizeof(float);
  if (bits_ > 1) bytes += padded_dim_ + 2 * sizeof(float);
  return bytes;
}

std::size_t RabitqIndex::memory_bytes() const {
  const std::shared_lock lock(mutex_);
  std::size_t bytes = rotation_.memory_bytes() + rotated_centroids_.size() * sizeof(float) + quantizer_.memory_bytes() +
                      lists_.capacity() * sizeof(List);
  for (const List& l : lists_) {
    bytes += l.ids.owned_bytes() + l.codes.owned_bytes() + l.add.owned_bytes() + l.scale.owned_bytes() +
             l.ex_codes.owned_bytes() + l.ex_scale.owned_bytes() + l.ex_error.owned_bytes() + l.f32.owned_bytes() +
             l.f16.owned_bytes();
  }
  if (locations_ready_.load(std::memory_order_acquire)) {
    // A node per id (next pointer, key, value: 24 bytes, 32 from malloc) and a pointer per bucket.
    constexpr std::size_t kNodeBytes = 32;
    bytes += location_.size() * kNodeBytes + location_.bucket_count() * sizeof(void*);
  }
  return bytes;
}

std::size_t RabitqIndex::mapped_bytes() const {
  const std::shared_lock lock(mutex_);
  std::size_t bytes = 0;
  for (const List& l : lists_) {
    bytes += l.ids.viewed_bytes() + l.codes.viewed_bytes() + l.add.viewed_bytes() + l.scale.viewed_bytes() +
             l.ex_codes.viewed_bytes() + l.ex_scale.viewed_bytes() + l.ex_error.viewed_bytes() + l.f32.viewed_bytes() +
             l.f16.viewed_bytes();
  }
  return bytes;
}

void RabitqIndex::warm_up() const {
  {
    const std::shared_lock lock(mutex_);
    if (count_ == 0) return;  // nothing a search would read
    std::uint64_t sum = 0;
    for (const List& list : lists_) {
      sum += read_each_page(bytes_of(list.ids.data(), list.ids.size())) +
             read_each_page(bytes_of(list.ex_codes.data(), list.ex_codes.size())) +
             read_each_page(bytes_of(list.ex_scale.data(), list.ex_scale.size())) +
             read_each_page(bytes_of(list.ex_error.data(), list.ex_error.size())) +
             read_each_page(bytes_of(list.f32.data(), list.f32.size())) +
             read_each_page(bytes_of(list.f16.data(), list.f16.size()));
      // Every probe reads all of a list's codes and factors.
      sum += read_each_cache_line(bytes_of(list.codes.data(), list.codes.size())) +
             read_each_cache_line(bytes_of(list.add.data(), list.add.size())) +
             read_each_cache_line(bytes_of(list.scale.data(), list.scale.size()));
    }
    // Last, so that the lists' tens of MB do not push them out again: what every search reads
    // first (the coarse tables, the rotation, the list headers), a few MB at most.
    sum += read_each_cache_line(bytes_of(lists_.data(), lists_.size())) +
           read_each_cache_line(bytes_of(rotated_centroids_.data(), rotated_centroids_.size())) + rotation_.read_all() +
           quantizer_.read_all();
    const volatile std::uint64_t kept = sum;  // the reads are the point: keep them
    (void)kept;
  }
  constexpr std::int64_t kWarmUpK = 10;  // a typical k: the scratch grows to what such searches use
  // Searches for centroids spread over the lists, on this thread: the first warms the code and the
  // allocator, the others the coarse tables' paths and the TLB (1M x 128, bench/lake_warm_probe.cpp
  // on a loaded machine: first search / steady 1.62x after one warm-up search, 1.36x after 16, 1.2-1.3x
  // after 64 or 256; 64 cost ~10 ms).
  constexpr std::size_t kWarmUpSearches = 64;
  const CentroidTable& centroids = quantizer_.lists();
  const std::size_t searches = std::min(kWarmUpSearches, centroids.size());
  for (std::size_t s = 0; s < searches; ++s) {
    (void)search(std::span<const float>(centroids.row(s * centroids.size() / searches), dim_), kWarmUpK, {0, 0.0, 1});
  }
}

StoredRows RabitqIndex::stored_rows(std::size_t list) const {
  const std::shared_lock lock(mutex_);
  const List& l = lists_.at(list);
  return {l.ids.span(), l.f32.span(), l.f16.span()};
}

}  // namespace ruvector::rabitq
