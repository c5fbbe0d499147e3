// Distance metrics. Every metric is a distance: smaller means closer.
//   l2     squared Euclidean distance  sum (a_i - b_i)^2
//   ip     1 - <a, b>                  (equals cosine distance for unit vectors, as in usearch)
//   cosine 1 - <a, b> / (|a| |b|)      (1 when either vector is zero)
#pragma once

#include <string_view>

namespace ruvector {

enum class Metric : int { kL2 = 0, kInnerProduct = 1, kCosine = 2 };

// Parses "l2" | "ip" | "cosine"; throws InvalidInput naming the bad value otherwise.
Metric parse_metric(std::string_view name);
std::string_view metric_name(Metric metric) noexcept;

}  // namespace ruvector
