#include "ruvector/core/metric.hpp"

#include <string>

#include "ruvector/core/error.hpp"

namespace ruvector {

Metric parse_metric(std::string_view name) {
  if (name == "l2") return Metric::kL2;
  if (name == "ip") return Metric::kInnerProduct;
  if (name == "cosine") return Metric::kCosine;
  throw_error(ErrorCode::kInvalidInput, "unknown metric '" + std::string(name) + "': expected 'l2', 'ip' or 'cosine'");
}

std::string_view metric_name(Metric metric) noexcept {
  switch (metric) {
    case Metric::kL2: return "l2";
    case Metric::kInnerProduct: return "ip";
    case Metric::kCosine: return "cosine";
  }
  return "l2";
}

}  // namespace ruvector
