// A JSON-RPC response body as the A2A client receives it (request id 1), read as the result of each
// method family: SendMessage / streaming events, ListTasks, GetExtendedAgentCard. Properties:
// ProtocolError (a JSON-RPC error response too) or typed values; a stream event written back with
// to_json (1.0 layout) reads again to the same JSON.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "ruvector/a2a/jsonrpc.hpp"
#include "ruvector/a2a/types.hpp"

namespace a2a = ruvector::a2a;
using ruvector::fuzz::returns_or_ruvector_error;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  boost::json::value result;
  if (!returns_or_ruvector_error([&] { result = a2a::parse_response(body, boost::json::value(1)); })) return 0;
  returns_or_ruvector_error([&] {
    const a2a::StreamResponse event = a2a::parse_stream_response(result);
    (void)event.task_id();
    const boost::json::object written = a2a::to_json(event, a2a::ProtocolVersion::kV1_0);
    if (a2a::to_json(a2a::parse_stream_response(written), a2a::ProtocolVersion::kV1_0) != written) {
      ruvector::fuzz::property_failed("to_json(parse_stream_response(to_json(e))) != to_json(e)");
    }
    (void)a2a::to_json(event, a2a::ProtocolVersion::kV0_3);
  });
  returns_or_ruvector_error([&] { (void)a2a::parse_send_message_result(result); });
  returns_or_ruvector_error(
      [&] { (void)a2a::to_json(a2a::parse_list_tasks_result(result), a2a::ProtocolVersion::kV1_0); });
  returns_or_ruvector_error([&] {
    const a2a::AgentCard card = a2a::parse_agent_card(result);
    (void)a2a::to_json(card);
    (void)a2a::select_jsonrpc_endpoint(card);
  });
  return 0;
}
