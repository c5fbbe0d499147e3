// Every default, name and accepted range of RabitqIndex's parameters, defined once. The index
// checks against these; the bindings expose them (RabitqIndex.defaults()) instead of spelling them,
// so Python, JS and Pyodide cannot drift from the core or from each other.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ruvector/rabitq/rotation.hpp"

namespace ruvector::rabitq {

enum class VectorStore : std::uint8_t { kNone = 0, kF16 = 1, kF32 = 2 };

inline constexpr int kDefaultBits = 1;
inline constexpr int kMaxBits = 8;
// The rerank factor of an index without a calibration table (one built from fewer than
// kCalibrateFrom rows, or saved before format version 2).
inline constexpr double kDefaultRerankFactor = 20.0;
// Far beyond any useful setting (1e6 x k candidates is an exhaustive scan of any real index), small
// enough that rerank_factor * k stays exact in a double.
inline constexpr double kMaxRerankFactor = 1e6;
inline constexpr std::uint64_t kDefaultSeed = 42;
// The file stores nlist as u32; 2^24 lists is far beyond automatic_nlist() of 2^32 vectors.
inline constexpr std::int64_t kMaxNlist = std::int64_t{16} * 1024 * 1024;
inline constexpr std::size_t kFlatBelow = 20000;  // automatic nlist: one list below this many vectors
inline constexpr VectorStore kDefaultStore = VectorStore::kF32;
// Calibration at build (calibration.hpp): the recall@10 the default search setting must reach on
// held-out base rows, counted at the lower end of its confidence interval.
inline constexpr double kDefaultTargetRecall = 0.95;
// Builds of fewer rows are flat by default (one list, scanned whole) and are not calibrated.
inline constexpr std::size_t kCalibrateFrom = kFlatBelow;
inline constexpr std::size_t kCalibrationQueries = 200;  // base rows searched, each without itself
inline constexpr std::size_t kCalibrationK = 10;         // the table is recall@10

std::string_view store_name(VectorStore store) noexcept;
VectorStore parse_store(std::string_view name);  // "none" | "f16" | "f32"
std::string_view rotation_name(RotationKind kind) noexcept;
RotationKind parse_rotation(std::string_view name);  // "auto" | "haar" | "hadamard"

// The lists a build makes for n vectors when the caller does not say: 1 (flat) below kFlatBelow.
std::size_t automatic_nlist(std::size_t n) noexcept;
// The lists a search probes by default: enough to reach recall@10 >= 0.95 on typical data (bench/).
std::size_t automatic_nprobe(std::size_t nlist) noexcept;

// Range checks with messages that name the value and the accepted range (InvalidInput).
int checked_bits(std::int64_t bits);
// `zero_means_default`: search() takes 0 as "the index's default".
double checked_rerank_factor(double factor, bool zero_means_default);
std::int64_t checked_nlist(std::int64_t nlist);    // 0 = automatic
std::int64_t checked_nprobe(std::int64_t nprobe);  // 0 = the default; above nlist probes every list
double checked_target_recall(double target);       // in (0, 1]

// The defaults, names and ranges above as one JSON object, for the bindings' defaults().
std::string defaults_json();

}  // namespace ruvector::rabitq
