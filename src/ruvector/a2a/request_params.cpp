// The params of the JSON-RPC requests (types.hpp), in the wire form of the version spoken.
#include <utility>

#include "ruvector/a2a/types.hpp"
#include "ruvector/a2a/types_json.hpp"

namespace ruvector::a2a {

using detail::is_v1;
using detail::put;
using detail::put_extra;
namespace json = boost::json;

// ---- request params --------------------------------------------------------------------------------

json::object send_message_params(const Message& message, ProtocolVersion version,
                                 const std::optional<SendConfiguration>& configuration,
                                 const std::optional<json::object>& metadata) {
  json::object params;
  params["message"] = to_json(message, version);
  if (configuration) {
    json::object c;
    put(c, "acceptedOutputModes", configuration->accepted_output_modes);
    put(c, "historyLength", configuration->history_length);
    if (configuration->return_immediately) {
      if (is_v1(version)) {
        c["returnImmediately"] = *configuration->return_immediately;
      } else {
        c["blocking"] = !*configuration->return_immediately;
      }
    }
    put_extra(c, configuration->extra);
    params["configuration"] = std::move(c);
  }
  put(params, "metadata", metadata);
  return params;
}

json::object get_task_params(std::string_view task_id, std::optional<std::int64_t> history_length) {
  json::object params;
  params["id"] = task_id;
  put(params, "historyLength", history_length);
  return params;
}

json::object task_id_params(std::string_view task_id) {
  json::object params;
  params["id"] = task_id;
  return params;
}

json::object list_tasks_params(const ListTasksQuery& query) {
  json::object params;
  put(params, "contextId", query.context_id);
  if (query.status) params["status"] = task_state_name(*query.status, ProtocolVersion::kV1_0);
  put(params, "pageSize", query.page_size);
  put(params, "pageToken", query.page_token);
  put(params, "historyLength", query.history_length);
  put(params, "statusTimestampAfter", query.status_timestamp_after);
  put(params, "includeArtifacts", query.include_artifacts);
  return params;
}

}  // namespace ruvector::a2a
