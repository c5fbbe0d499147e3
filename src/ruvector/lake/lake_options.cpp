// A lake's options as JSON, for the bindings' Lake.defaults() and lake.options: the values are read
// from LakeOptions, so no binding spells a default.
#include <boost/json.hpp>

#include <string>

#include "ruvector/core/metric.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/rabitq/params.hpp"

namespace ruvector::lake {

std::string options_json(const LakeOptions& options) {
  const boost::json::object out{
      {"consistency", consistency_name(options.consistency)},
      {"ttl_ms", options.consistency.ttl_ms},
      {"rerank_factor", options.rerank_factor},
      {"rotation_seed", options.rotation_seed},
      {"metric", metric_name(options.metric)},
      {"bits", options.bits},
      {"store", rabitq::store_name(options.store)},
      {"max_entries", options.limits.max_entries},
      {"max_bytes", options.limits.max_bytes},
      {"threads", options.threads},
  };
  return boost::json::serialize(out);
}

std::string defaults_json() {
  return options_json(LakeOptions{});
}

}  // namespace ruvector::lake
