#include "ruvector/rabitq/rabitq_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>
#include <shared_mutex>
#include <string>

#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/half.hpp"
#include "ruvector/core/ids.hpp"
#include "ruvector/core/parallel.hpp"
#include "ruvector/rabitq/half_rows.hpp"
#include "ruvector/rabitq/huge_pages.hpp"
#include "ruvector/rabitq/quantizer.hpp"
#include "ruvector/rabitq/random.hpp"
#include "ruvector/simd/distance_matrix.hpp"

namespace ruvector::rabitq {
namespace {

constexpr std::size_t kTrainPerList = 48;  // k-means sample rows per list
constexpr std::size_t kMinTrainSample = 50000;

using Hit = std::pair<float, std::uint64_t>;

// Unit vectors for the cosine metric (a zero vector stays zero and scores distance 1).
void normalize_rows(std::vector<float>& rows, std::size_t dim) {
  for (std::size_t r = 0; r * dim < rows.size(); ++r) {
    double norm = 0.0;
    for (std::size_t i = 0; i < dim; ++i) norm += static_cast<double>(rows[r * dim + i]) * rows[r * dim + i];
    if (norm <= 0.0) continue;
    const double inv = 1.0 / std::sqrt(norm);
    for (std::size_t i = 0; i < dim; ++i) rows[r * dim + i] = static_cast<float>(rows[r * dim + i] * inv);
  }
}

// The quantized query of one list: uint8 LUTs for FastScan plus the terms that undo the
// quantization, <b, q'> ~ delta * S + sum_min.
struct QueryLut {
  std::vector<std::uint8_t> lut;
  std::vector<float> values;  // scratch, kept between queries
  std::vector<float> mins;
  float delta = 1.0F;
  float sum_min = 0.0F;
  float sum = 0.0F;      // sum_i q'_i
  float norm_sq = 0.0F;  // ||q'||^2

  // Works on locals and raw pointers: stores through the uint8 table may alias any member, which
  // kept the compiler from vectorising the quantization (and made it reload every member per entry).
  void build(const float* q, std::size_t padded_dim) {
    const std::size_t groups = padded_dim / 4;
    lut.resize(groups * 16);
    values.resize(groups * 16);
    mins.resize(groups);
    float* vals = values.data();
    float* group_min = mins.data();
    std::uint8_t* table = lut.data();
    float q_sum = 0.0F;
    float q_norm_sq = 0.0F;
    for (std::size_t i = 0; i < padded_dim; ++i) {
      q_sum += q[i];
      q_norm_sq += q[i] * q[i];
    }
    float range = 0.0F;
    float min_sum = 0.0F;
    for (std::size_t g = 0; g < groups; ++g) {
      // Entry `code` sums the q' of the dims whose bit is set, always as ((q0 + q1) + q2) + q3 with
      // 0/1 masks: the same bits on every target, and a loop over 16 codes the compiler vectorises.
      const float q0 = q[g * 4];
      const float q1 = q[g * 4 + 1];
      const float q2 = q[g * 4 + 2];
      const float q3 = q[g * 4 + 3];
      float* v = vals + g * 16;
      for (unsigned code = 0; code < 16; ++code) {
        v[code] = static_cast<float>(code & 1U) * q0 + static_cast<float>((code >> 1U) & 1U) * q1 +
                  static_cast<float>((code >> 2U) & 1U) * q2 + static_cast<float>((code >> 3U) & 1U) * q3;
      }
      // The extremes are the codes of the negative / positive q's: dropping a term of the wrong sign
      // can only lower (raise) each rounded partial sum, so these entries are the exact min / max.
      const unsigned negative = static_cast<unsigned>(q0 < 0.0F) | static_cast<unsigned>(q1 < 0.0F) << 1U |
                                static_cast<unsigned>(q2 < 0.0F) << 2U | static_cast<unsigned>(q3 < 0.0F) << 3U;
      const unsigned positive = static_cast<unsigned>(q0 > 0.0F) | static_cast<unsigned>(q1 > 0.0F) << 1U |
                                static_cast<unsigned>(q2 > 0.0F) << 2U | static_cast<unsigned>(q3 > 0.0F) << 3U;
      const float lo = v[negative];
      const float hi = v[positive];
      group_min[g] = lo;
      min_sum += lo;
      range = std::max(range, hi - lo);
    }
    // uint16 accumulators: the sum over all groups must stay below 65536.
    const float levels = std::min(255.0F, std::floor(65535.0F / static_cast<float>(groups)));
    const float step = range > 0.0F ? range / levels : 1.0F;
    const float inv_delta = 1.0F / step;
    for (std::size_t g = 0; g < groups; ++g) {
      const float lo = group_min[g];
      const float* v = vals + g * 16;
      std::uint8_t* out = table + g * 16;
      for (std::size_t code = 0; code < 16; ++code) {
        // x >= 0 (v >= lo exactly): truncating x + 0.5 rounds to nearest, and vectorises unlike floor.
        const float x = (v[code] - lo) * inv_delta;
        out[code] = static_cast<std::uint8_t>(static_cast<int>(std::min(levels, x + 0.5F)));
      }
    }
    delta = step;
    sum_min = min_sum;
    sum = q_sum;
    norm_sq = q_norm_sq;
  }
};

// The id is not copied in: it is read (a likely cache miss) only to break ties and for the
// candidates that are reranked, when their stored rows are being fetched anyway.
struct Candidate {
  float est;
  float bound;          // filled in for the candidates that reach reranking
  std::uint32_t probe;  // index into the probed lists of this query
  std::uint32_t pos;
};

}  // namespace

// Buffers of one search thread, reused from query to query.
struct RabitqIndex::Scratch {
  std::vector<float> query;
  std::vector<float> coarse;
  std::vector<std::pair<float, std::uint32_t>> scored;
  std::vector<float> coarse_best;
  std::vector<std::uint32_t> order;
  std::vector<float> estimates;
  std::vector<std::size_t> est_begin;
  std::vector<std::uint16_t> buckets;
  std::vector<Candidate> boundary;
  std::vector<float> rotated;
  std::vector<float> residuals;
  std::vector<QueryLut> luts;
  std::vector<float> centre_dot;
  std::vector<Candidate> heap;
  std::vector<std::uint16_t> sums;
  std::vector<float> decoded;
  std::vector<Hit> best;
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
      location_(std::move(other.location_)),
      next_id_(other.next_id_),
      default_nprobe_(other.default_nprobe_),
      default_rerank_factor_(other.default_rerank_factor_) {}

void RabitqIndex::finish_setup() {
  const simd::Kernels& kernels = simd::active_kernels();
  const std::size_t nlist = quantizer_.lists().size();
  rotated_centroids_.assign(nlist * padded_dim_, 0.0F);
  for (std::size_t l = 0; l < nlist; ++l) {
    rotation_.apply(quantizer_.lists().row(l), &rotated_centroids_[l * padded_dim_], kernels);
  }
  default_nprobe_ = automatic_nprobe(nlist);
}

RabitqIndex RabitqIndex::build(std::span<const float> vectors, std::size_t dim, std::span<const std::uint64_t> ids,
                               const BuildParams& params, const Progress& progress) {
  checked_dim(static_cast<std::int64_t>(dim));
  const std::size_t n = check_rows(vectors, dim, "vectors");
  check_finite(vectors, dim, "vectors");
  checked_bits(params.bits);
  checked_nlist(params.nlist);
  checked_nprobe(params.nprobe);
  checked_rerank_factor(params.rerank_factor, /*zero_means_default=*/false);
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
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = 0; i < sample_n; ++i)
      std::swap(order[i], order[i + static_cast<std::size_t>(rng.below(n - i))]);
    std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(sample_n));
    sample.reserve(sample_n * dim);
    for (std::size_t i = 0; i < sample_n; ++i)
      sample.insert(sample.end(), data + order[i] * dim, data + (order[i] + 1) * dim);
  }
  CoarseQuantizer quantizer =
      nlist == 1
          ? CoarseQuantizer(CentroidTable(std::vector<float>(dim, 0.0F), dim), CentroidTable(), {})
          : CoarseQuantizer::train(sample.data(), sample_n, dim, nlist, params.seed, params.threads, [&](double f) {
              if (progress) progress("train", f);
            });
  if (progress) progress("train", 1.0);
  RabitqIndex index(dim, params.metric, params.bits, params.store, params.seed, rotation_kind, std::move(quantizer));
  index.default_rerank_factor_ = params.rerank_factor;
  if (params.nprobe > 0)
    index.default_nprobe_ = std::min<std::size_t>(index.lists_.size(), static_cast<std::size_t>(params.nprobe));
  index.add(vectors, ids, params.threads);
  // Once per build and load, not per add(): each call walks every list (~0.2 ms at 1M rows), too
  // much for small incremental adds, whose new rows just stay on 4 KB pages.
  index.back_rows_with_huge_pages();
  if (progress) progress("encode", 1.0);
  return index;
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
  std::vector<std::uint64_t> automatic;
  ids = ids_for_new_rows(ids, rows, next_id_, [&](std::uint64_t id) { return location_.contains(id); }, automatic);
  insert(data, rows, ids, threads, {});
}

void RabitqIndex::append_slot(List& list) {
  const std::size_t n = list.size();  // after the id was pushed: slot n - 1 is new
  if ((n - 1) % simd::kFastScanBlock == 0) list.codes.resize(list.codes.size() + groups() * 16, 0);
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
  // Finite inputs can still overflow a squared norm; such codes would poison every estimate.
  for (std::size_t r = 0; r < rows; ++r) {
    const bool finite =
        std::isfinite(factors[r].add) && std::isfinite(factors[r].scale) &&
        (bits_ == 1 || (std::isfinite(ex_factors[r].scale) && std::isfinite(ex_factors[r].error_factor)));
    if (!finite) {
      throw_error(ErrorCode::kInvalidInput,
                  "vectors row " + std::to_string(r) +
                      " is too large: its squared distance to its list centre overflows float32");
    }
  }
  if (progress) progress("encode", 0.9);
  // 2. Append to the lists in input order.
  for (std::size_t r = 0; r < rows; ++r) {
    List& list = lists_[list_of[r]];
    const std::size_t pos = list.size();
    list.ids.push_back(ids[r]);
    append_slot(list);
    std::uint8_t* block = &list.codes[(pos / simd::kFastScanBlock) * g * 16];
    const std::size_t lane = pos % 16;
    const bool high = (pos % simd::kFastScanBlock) >= 16;
    for (std::size_t k = 0; k < g; ++k) {
      std::uint8_t& byte = block[k * 16 + lane];
      const std::uint8_t nib = nibbles[r * g + k];
      byte = high ? static_cast<std::uint8_t>((byte & 0x0FU) | (static_cast<unsigned>(nib) << 4U))
                  : static_cast<std::uint8_t>((byte & 0xF0U) | nib);
    }
    list.add.push_back(factors[r].add);
    list.scale.push_back(factors[r].scale);
    if (bits_ > 1) {
      list.ex_codes.insert(list.ex_codes.end(), ex.begin() + static_cast<std::ptrdiff_t>(r * pd),
                           ex.begin() + static_cast<std::ptrdiff_t>((r + 1) * pd));
      list.ex_scale.push_back(ex_factors[r].scale);
      list.ex_error.push_back(ex_factors[r].error_factor);
    }
    const float* x = vectors + r * dim_;
    if (store_ == VectorStore::kF32) list.f32.insert(list.f32.end(), x, x + dim_);
    if (store_ == VectorStore::kF16) {
      for (std::size_t i = 0; i < dim_; ++i) list.f16.push_back(float_to_half(x[i]));
    }
    location_[ids[r]] = {list_of[r], static_cast<std::uint32_t>(pos)};
    next_id_ = next_auto_id(next_id_, ids[r]);
  }
}

void RabitqIndex::back_rows_with_huge_pages() const {
  constexpr std::size_t kMinBytes = std::size_t{64} << 20U;  // smaller stores stay within the TLB's reach
  std::vector<std::pair<std::uintptr_t, std::uintptr_t>> ranges;
  std::size_t bytes = 0;
  for (const List& list : lists_) {
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
  const auto nibble_at = [&](std::size_t pos, std::size_t k) -> std::uint8_t& {
    return list.codes[(pos / simd::kFastScanBlock) * g * 16 + k * 16 + pos % 16];
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
  list.ids[to] = list.ids[from];
  list.add[to] = list.add[from];
  list.scale[to] = list.scale[from];
  if (bits_ > 1) {
    std::copy_n(list.ex_codes.begin() + static_cast<std::ptrdiff_t>(from * padded_dim_), padded_dim_,
                list.ex_codes.begin() + static_cast<std::ptrdiff_t>(to * padded_dim_));
    list.ex_scale[to] = list.ex_scale[from];
    list.ex_error[to] = list.ex_error[from];
  }
  if (store_ == VectorStore::kF32) {
    std::copy_n(list.f32.begin() + static_cast<std::ptrdiff_t>(from * dim_), dim_,
                list.f32.begin() + static_cast<std::ptrdiff_t>(to * dim_));
  }
  if (store_ == VectorStore::kF16) {
    std::copy_n(list.f16.begin() + static_cast<std::ptrdiff_t>(from * dim_), dim_,
                list.f16.begin() + static_cast<std::ptrdiff_t>(to * dim_));
  }
}

std::size_t RabitqIndex::remove(std::span<const std::uint64_t> ids) {
  const std::unique_lock lock(mutex_);
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
    list.ids.pop_back();
    list.add.pop_back();
    list.scale.pop_back();
    if (bits_ > 1) {
      list.ex_codes.resize(list.size() * padded_dim_);
      list.ex_scale.pop_back();
      list.ex_error.pop_back();
    }
    if (store_ == VectorStore::kF32) list.f32.resize(list.size() * dim_);
    if (store_ == VectorStore::kF16) list.f16.resize(list.size() * dim_);
    list.codes.resize((list.size() + simd::kFastScanBlock - 1) / simd::kFastScanBlock * groups() * 16);
    location_.erase(it);
    ++removed;
  }
  return removed;
}

SearchResults RabitqIndex::search(std::span<const float> queries, std::int64_t k, const SearchParams& params) const {
  check_k(k);
  const std::size_t nq = check_rows(queries, dim_, "queries");
  check_finite(queries, dim_, "queries");
  checked_nprobe(params.nprobe);
  checked_rerank_factor(params.rerank_factor, /*zero_means_default=*/true);
  check_threads(params.threads);
  const std::shared_lock lock(mutex_);
  const std::size_t n = location_.size();
  if (n == 0) throw_error(ErrorCode::kEmptyIndex, "search on an empty index: add vectors first");
  // Compared in 64 bits: on wasm32 a cast of k to size_t first would wrap 2^40 to 0.
  const auto kk = static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(k), n));
  const std::size_t nprobe =
      std::min(lists_.size(), params.nprobe > 0 ? static_cast<std::size_t>(params.nprobe) : default_nprobe_);
  const double rf = params.rerank_factor > 0.0 ? params.rerank_factor : default_rerank_factor_;
  // In double and capped at the index size before the cast: rf * k may exceed size_t on wasm32.
  const auto candidates = static_cast<std::size_t>(
      std::min(static_cast<double>(n), std::max(static_cast<double>(kk), std::ceil(rf * static_cast<double>(kk)))));

  SearchResults out;
  out.queries = nq;
  out.k = kk;
  out.ids.resize(nq * kk);
  out.distances.resize(nq * kk);
  parallel_for(nq, params.threads, 1, [&](std::size_t begin, std::size_t end) {
    Scratch scratch;
    std::vector<Hit> hits;
    std::vector<float>& query = scratch.query;
    query.resize(dim_);
    for (std::size_t q = begin; q < end; ++q) {
      std::copy_n(queries.data() + q * dim_, dim_, query.begin());
      if (metric_ == Metric::kCosine) normalize_rows(query, dim_);
      search_one(query.data(), kk, nprobe, candidates, scratch, hits);
      for (std::size_t j = 0; j < kk; ++j) {
        out.distances[q * kk + j] = hits[j].first;
        out.ids[q * kk + j] = hits[j].second;
      }
    }
  });
  return out;
}

void RabitqIndex::search_one(const float* query, std::size_t k, std::size_t nprobe, std::size_t max_candidates,
                             Scratch& s, std::vector<Hit>& out) const {
  const simd::Kernels& kernels = simd::active_kernels();
  const std::size_t pd = padded_dim_;
  const std::size_t g = groups();
  const bool inner_product = metric_ == Metric::kInnerProduct;
  const float to_metric = metric_ == Metric::kCosine ? 0.5F : 1.0F;  // unit-vector l2 = 2 * cosine distance

  // Coarse search: the nprobe closest lists (by l2, or by largest <q, c> for ip). With a two-level
  // quantizer only the lists of the closest top clusters are scored (enough of them to hold
  // several times nprobe lists); the rest are scored only if the probes come up short.
  const CentroidTable& centroids = quantizer_.lists();
  std::vector<std::pair<float, std::uint32_t>>& scored = s.scored;
  scored.clear();
  const std::size_t tops = quantizer_.top().size();
  const std::size_t per_top = tops == 0 ? 1 : (centroids.size() + tops - 1) / tops;
  const std::size_t top_probes = tops == 0 ? 0 : std::min(tops, std::max<std::size_t>(4, 2 * nprobe / per_top + 3));
  quantizer_.score_lists(query, top_probes, s.coarse, scored, kernels);
  if (inner_product) {  // rank lists by largest <q, c>: score = -<q, c> = (partial - ||c||^2) / 2
    for (auto& [score, l] : scored) score = (score - centroids.norm_sq(l)) * 0.5F;
  }
  // The nprobe best: one pass keeping a small sorted prefix (most lists fail the first comparison).
  std::vector<std::uint32_t>& order = s.order;
  std::vector<float>& order_score = s.coarse_best;
  order.clear();
  order_score.clear();
  const auto better = [](float sa, std::uint32_t a, float sb, std::uint32_t b) {
    return sa < sb || (sa == sb && a < b);
  };
  for (const auto& [score, l] : scored) {
    if (order.size() == nprobe && !better(score, l, order_score.back(), order.back())) continue;
    if (order.size() == nprobe) {
      order.pop_back();
      order_score.pop_back();
    }
    std::size_t at = order.size();
    while (at > 0 && better(score, l, order_score[at - 1], order[at - 1])) --at;
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), l);
    order_score.insert(order_score.begin() + static_cast<std::ptrdiff_t>(at), score);
  }

  // Everything a probe reads (its centroid, codes and factors) is requested one list ahead, so the
  // fetch overlaps the work on the previous list (the first one overlaps the query rotation).
  const auto prefetch_list = [&](std::uint32_t l) {
    const auto fetch = [](const void* data, std::size_t bytes) {
      const auto* at = static_cast<const char*>(data);
      for (std::size_t off = 0; off < bytes; off += 64) __builtin_prefetch(at + off);
    };
    const List& list = lists_[l];
    if (!inner_product) fetch(&rotated_centroids_[static_cast<std::size_t>(l) * pd], pd * sizeof(float));
    fetch(list.codes.data(), list.codes.size());
    fetch(list.add.data(), list.size() * sizeof(float));
    fetch(list.scale.data(), list.size() * sizeof(float));
  };
  if (!order.empty()) prefetch_list(order[0]);
  std::vector<float>& rotated = s.rotated;
  rotated.resize(pd);
  rotation_.apply(query, rotated.data(), kernels);
  std::vector<float>& residuals = s.residuals;  // per probed list (l2/cosine) or shared (ip)
  std::vector<QueryLut>& luts = s.luts;
  std::size_t luts_used = 0;
  std::vector<float>& centre_dot = s.centre_dot;
  centre_dot.clear();
  if (inner_product) {
    residuals.assign(rotated.begin(), rotated.end());
    if (luts.empty()) luts.emplace_back();
    luts[0].build(residuals.data(), pd);
  }

  std::vector<std::uint16_t>& sums = s.sums;
  std::vector<float>& est_all = s.estimates;  // the estimates of every probed code, list after list
  std::vector<std::size_t>& est_begin = s.est_begin;
  est_all.clear();
  est_begin.assign(1, 0);
  // Probe nprobe lists, and more while fewer than k codes were found (tiny lists).
  for (std::size_t p = 0; p < centroids.size() && (p < nprobe || est_all.size() < k); ++p) {
    if (p == order.size()) {  // rare: the probed lists hold fewer than k vectors; rank every other list
      std::vector<float> all(centroids.size());
      centroids.partial_l2(query, all.data(), kernels);
      std::vector<std::uint32_t> rest;
      for (std::uint32_t l = 0; l < centroids.size(); ++l) {
        if (std::find(order.begin(), order.end(), l) == order.end()) rest.push_back(l);
      }
      const auto key = [&](std::uint32_t l) { return inner_product ? (all[l] - centroids.norm_sq(l)) * 0.5F : all[l]; };
      std::sort(rest.begin(), rest.end(),
                [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b) || (key(a) == key(b) && a < b); });
      order.insert(order.end(), rest.begin(), rest.end());
      for (const std::uint32_t l : rest) order_score.push_back(key(l));
    }
    const std::uint32_t l = order[p];
    const List& list = lists_[l];
    if (p + 1 < order.size()) prefetch_list(order[p + 1]);
    centre_dot.push_back(inner_product ? -order_score[p] : 0.0F);  // ip scores are -<q, c>
    if (!inner_product) {
      residuals.resize((p + 1) * pd);
      float* r = &residuals[p * pd];
      const float* c = &rotated_centroids_[static_cast<std::size_t>(l) * pd];
      for (std::size_t i = 0; i < pd; ++i) r[i] = rotated[i] - c[i];
      if (luts.size() <= luts_used) luts.emplace_back();
      luts[luts_used++].build(r, pd);
    }
    est_begin.push_back(est_begin.back() + list.size());
    if (list.size() == 0) continue;
    const QueryLut& lut = luts[inner_product ? 0 : p];
    const std::size_t blocks = (list.size() + simd::kFastScanBlock - 1) / simd::kFastScanBlock;
    sums.resize(blocks * simd::kFastScanBlock);
    kernels.fastscan(list.codes.data(), blocks, lut.lut.data(), g, sums.data());
    // est = add + |q'|^2 - 2 scale (2 <b, q'> - sum q'), with <b, q'> = delta * S + sum_min
    // (ip: 1 - <q, c> - scale (...)); one branch-free loop the compiler vectorises.
    est_all.resize(est_begin.back());
    float* est = &est_all[est_begin[p]];
    const float two_delta = 2.0F * lut.delta;
    const float offset = 2.0F * lut.sum_min - lut.sum;
    const float* add = list.add.data();
    const float* scale = list.scale.data();
    const std::uint16_t* sum = sums.data();
    const float norm_sq = lut.norm_sq;  // a local: the float stores below could alias the member
    const std::size_t count = list.size();
    if (inner_product) {
      const float base = 1.0F - centre_dot[p];
      for (std::size_t v = 0; v < count; ++v) {
        est[v] = base - scale[v] * (two_delta * static_cast<float>(sum[v]) + offset);
      }
    } else {
      for (std::size_t v = 0; v < count; ++v) {
        est[v] = (add[v] + norm_sq - 2.0F * scale[v] * (two_delta * static_cast<float>(sum[v]) + offset)) * to_metric;
      }
    }
  }
  std::vector<Candidate>& heap = s.heap;
  const auto id_of = [&](const Candidate& c) { return lists_[order[c.probe]].ids[c.pos]; };
  // A strict weak order even if an estimate is NaN (inf - inf from extreme factors or queries):
  // NaN ranks as +inf, so sorting can never run past its range.
  const auto closer = [&](const Candidate& a, const Candidate& b) {
    const float ea = std::isnan(a.est) ? std::numeric_limits<float>::infinity() : a.est;
    const float eb = std::isnan(b.est) ? std::numeric_limits<float>::infinity() : b.est;
    return ea < eb || (ea == eb && id_of(a) < id_of(b));
  };
  select_candidates(est_all, est_begin, max_candidates, closer, s.buckets, s.boundary, heap);

  // Exact rerank reads one stored row per candidate, each a likely cache miss: request them all now
  // (in list and position order, as selected: neighbours in memory share pages), so the sort and
  // the reranking of the first rows overlap the memory latency.
  const std::size_t row_bytes = dim_ * (store_ == VectorStore::kF32 ? sizeof(float) : sizeof(std::uint16_t));
  const auto row_of = [&](const Candidate& c) -> const char* {
    const List& list = lists_[order[c.probe]];
    return store_ == VectorStore::kF32 ? reinterpret_cast<const char*>(&list.f32[c.pos * dim_])
                                       : reinterpret_cast<const char*>(&list.f16[c.pos * dim_]);
  };
  if (store_ != VectorStore::kNone) {
    for (const Candidate& c : heap) {
      const char* row = row_of(c);
      for (std::size_t off = 0; off < row_bytes; off += 64) __builtin_prefetch(row + off);
      __builtin_prefetch(&lists_[order[c.probe]].ids[c.pos]);
    }
  }
  std::sort(heap.begin(), heap.end(), closer);
  // The error bound of a 1-bit estimate (four square roots): computed in the rerank loop, and only
  // for candidates whose estimate is already worse than the k-th exact distance, as no other can be
  // pruned (the bound is >= 0).
  const auto one_bit_bound = [&](const Candidate& c) {
    const List& list = lists_[order[c.probe]];
    const QueryLut& lut = luts[inner_product ? 0 : c.probe];
    const float lut_error = 2.0F * lut.delta * std::sqrt(static_cast<float>(g));  // 4 * (delta / 2) * sqrt(G)
    const float err = one_bit_error_factor({list.add[c.pos], list.scale[c.pos]}, pd) * std::sqrt(lut.norm_sq) *
                          static_cast<float>(kPruneEps) +
                      list.scale[c.pos] * lut_error;
    return err * (inner_product ? 0.5F : to_metric);
  };
  // Extended codes refine the estimate and tighten the bound of every candidate.
  if (bits_ > 1) {
    for (Candidate& c : heap) {
      const List& list = lists_[order[c.probe]];
      const std::size_t lut_index = inner_product ? 0 : c.probe;
      const float* qr = &residuals[inner_product ? 0 : c.probe * pd];
      const QueryLut& lut = luts[lut_index];
      const float dot = extended_dot(&list.ex_codes[c.pos * pd], qr, pd, bits_, lut.sum, list.ex_scale[c.pos]);
      c.est =
          inner_product ? 1.0F - centre_dot[c.probe] - dot : (list.add[c.pos] + lut.norm_sq - 2.0F * dot) * to_metric;
      c.bound = list.ex_error[c.pos] * std::sqrt(lut.norm_sq) * static_cast<float>(kPruneEps) *
                (inner_product ? 0.5F : to_metric);
    }
    std::sort(heap.begin(), heap.end(), closer);  // the refined estimates reorder the candidates
  }

  out.clear();
  if (store_ == VectorStore::kNone) {
    for (std::size_t i = 0; i < std::min(k, heap.size()); ++i) out.emplace_back(heap[i].est, id_of(heap[i]));
  } else {
    const DistanceFn exact = distance_fn(kernels, metric_);
    std::vector<float>& decoded = s.decoded;
    decoded.resize(store_ == VectorStore::kF16 ? dim_ : 0);
    std::vector<Hit>& best = s.best;  // max-heap of the k best exact distances
    best.clear();
    for (const Candidate& c : heap) {
      if (best.size() == k && c.est > best.front().first) {
        const float bound = bits_ == 1 ? one_bit_bound(c) : c.bound;
        if (c.est - bound > best.front().first) continue;  // provably not in the top k
      }
      const List& list = lists_[order[c.probe]];
      const float* v = nullptr;
      if (store_ == VectorStore::kF32) {
        v = &list.f32[c.pos * dim_];
      } else {
        half_row_to_float(&list.f16[c.pos * dim_], decoded.data(), dim_);
        v = decoded.data();
      }
      const Hit hit{exact(query, v, dim_), id_of(c)};
      if (best.size() < k) {
        best.push_back(hit);
        std::push_heap(best.begin(), best.end());
      } else if (hit < best.front()) {
        std::pop_heap(best.begin(), best.end());
        best.back() = hit;
        std::push_heap(best.begin(), best.end());
      }
    }
    std::sort_heap(best.begin(), best.end());
    out.assign(best.begin(), best.end());
  }
}

std::size_t RabitqIndex::size() const {
  const std::shared_lock lock(mutex_);
  return location_.size();
}

std::size_t RabitqIndex::code_bytes_per_vector() const noexcept {
  std::size_t bytes = padded_dim_ / 8 + 2 * sizeof(float);
  if (bits_ > 1) bytes += padded_dim_ + 2 * sizeof(float);
  return bytes;
}

std::size_t RabitqIndex::memory_bytes() const {
  const std::shared_lock lock(mutex_);
  std::size_t bytes = rotation_.memory_bytes() + rotated_centroids_.size() * sizeof(float) +
                      quantizer_.lists().rows().size() * sizeof(float) * 3;
  for (const List& l : lists_) {
    bytes += l.ids.capacity() * 8 + l.codes.capacity() + (l.add.capacity() + l.scale.capacity()) * 4 +
             l.ex_codes.capacity() + (l.ex_scale.capacity() + l.ex_error.capacity()) * 4 + l.f32.capacity() * 4 +
             l.f16.capacity() * 2;
  }
  return bytes + location_.size() * (sizeof(std::uint64_t) + sizeof(Location) + 2 * sizeof(void*));
}

}  // namespace ruvector::rabitq
