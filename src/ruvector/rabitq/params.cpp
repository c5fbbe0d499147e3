#include "ruvector/rabitq/params.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <string>

#include "ruvector/core/error.hpp"
#include "ruvector/core/metric.hpp"
#include "ruvector/core/parallel.hpp"

namespace ruvector::rabitq {
namespace {

std::size_t pow2_near(double v) {
  std::size_t p = 1;
  while (static_cast<double>(p) * 1.5 < v) p *= 2;
  return p;
}

// "%g"-like text that names a double without trailing zeros: 20, 1e+06, 1e+19.
std::string number_text(double v) {
  std::string text(32, '\0');
  const int n = std::snprintf(text.data(), text.size(), "%.17g", v);
  text.resize(static_cast<std::size_t>(std::max(n, 0)));
  return text;
}

}  // namespace

std::string_view store_name(VectorStore store) noexcept {
  switch (store) {
    case VectorStore::kNone: return "none";
    case VectorStore::kF16: return "f16";
    case VectorStore::kF32: return "f32";
  }
  return "f32";
}

VectorStore parse_store(std::string_view name) {
  if (name == "f32") return VectorStore::kF32;
  if (name == "f16") return VectorStore::kF16;
  if (name == "none") return VectorStore::kNone;
  throw_error(ErrorCode::kInvalidInput, "unknown store '" + std::string(name) + "': expected 'f32', 'f16' or 'none'");
}

std::string_view rotation_name(RotationKind kind) noexcept {
  switch (kind) {
    case RotationKind::kAuto: return "auto";
    case RotationKind::kHaar: return "haar";
    case RotationKind::kHadamard: return "hadamard";
  }
  return "auto";
}

RotationKind parse_rotation(std::string_view name) {
  if (name == "auto") return RotationKind::kAuto;
  if (name == "haar") return RotationKind::kHaar;
  if (name == "hadamard") return RotationKind::kHadamard;
  throw_error(ErrorCode::kInvalidInput,
              "unknown rotation '" + std::string(name) + "': expected 'auto', 'haar' or 'hadamard'");
}

std::size_t automatic_nlist(std::size_t n) noexcept {
  if (n < kFlatBelow) return 1;
  return std::max<std::size_t>(1, std::min(pow2_near(4.0 * std::sqrt(static_cast<double>(n))), n / 64));
}

std::size_t automatic_nprobe(std::size_t nlist) noexcept {
  return std::min<std::size_t>(nlist, std::max<std::size_t>(nlist == 1 ? 1 : 8, nlist / 128));
}

int checked_bits(std::int64_t bits) {
  if (bits < 1 || bits > kMaxBits) {
    throw_error(ErrorCode::kInvalidInput, "bits must be 1 (RaBitQ) or 2.." + std::to_string(kMaxBits) +
                                              " (extended), got " + std::to_string(bits));
  }
  return static_cast<int>(bits);
}

double checked_rerank_factor(double factor, bool zero_means_default) {
  if (zero_means_default && factor == 0.0) return factor;
  const bool in_range = factor >= 1.0 && factor <= kMaxRerankFactor;  // false for NaN
  if (!in_range) {
    throw_error(ErrorCode::kInvalidInput, "rerank_factor must be in [1, " + number_text(kMaxRerankFactor) + "]" +
                                              (zero_means_default ? " (or 0 for the index default)" : "") + ", got " +
                                              number_text(factor));
  }
  return factor;
}

std::int64_t checked_nlist(std::int64_t nlist) {
  if (nlist < 0 || nlist > kMaxNlist) {
    throw_error(ErrorCode::kInvalidInput, "nlist must be in [1, " + std::to_string(kMaxNlist) +
                                              "] (or 0 for automatic), got " + std::to_string(nlist));
  }
  return nlist;
}

std::int64_t checked_nprobe(std::int64_t nprobe) {
  if (nprobe < 0 || nprobe > kMaxNlist) {
    throw_error(ErrorCode::kInvalidInput, "nprobe must be in [1, " + std::to_string(kMaxNlist) +
                                              "] (or 0 for the default), got " + std::to_string(nprobe));
  }
  return nprobe;
}

double checked_target_recall(double target) {
  const bool in_range = target > 0.0 && target <= 1.0;  // false for NaN
  if (!in_range) throw_error(ErrorCode::kInvalidInput, "target_recall must be in (0, 1], got " + number_text(target));
  return target;
}

std::string defaults_json() {
  const auto range = [](auto lo, auto hi) { return boost::json::array{lo, hi}; };
  const boost::json::object defaults{
      {"metric", metric_name(Metric::kL2)},
      {"metrics", boost::json::array{"l2", "ip", "cosine"}},
      {"bits", kDefaultBits},
      {"bits_range", range(1, kMaxBits)},
      {"rerank_factor", kDefaultRerankFactor},
      {"rerank_factor_range", range(1.0, kMaxRerankFactor)},
      {"nlist", 0},  // automatic: automatic_nlist(n)
      {"nlist_range", range(std::int64_t{1}, kMaxNlist)},
      {"flat_below", kFlatBelow},
      {"nprobe", 0},  // automatic: calibrated, else automatic_nprobe(nlist)
      {"target_recall", kDefaultTargetRecall},
      {"target_recall_range", range(0.0, 1.0)},  // (0, 1]
      {"calibrate", true},
      {"calibrate_from", kCalibrateFrom},
      {"calibration_queries", kCalibrationQueries},
      {"seed", kDefaultSeed},
      {"rotation", rotation_name(RotationKind::kAuto)},
      {"rotations", boost::json::array{"auto", "haar", "hadamard"}},
      {"haar_max_padded_dim", kMaxHaarPaddedDim},
      {"store", store_name(kDefaultStore)},
      {"stores", boost::json::array{"f32", "f16", "none"}},
      {"threads", 0},  // all cores
      {"threads_range", range(0U, kMaxThreads)},
      {"max_dim", kMaxDim},
  };
  return boost::json::serialize(defaults);
}

}  // namespace ruvector::rabitq
