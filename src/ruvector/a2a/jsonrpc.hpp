// JSON text and the JSON-RPC 2.0 envelope of the A2A protocol.
//
// Spec followed: A2A v1.0 (a2aproject/A2A specification/a2a.proto, package lf.a2a.v1, and
// docs/specification.md, JSON-RPC binding: method = the proto rpc name, e.g. "SendMessage"; the
// `A2A-Version` header carries "1.0") with the A2A v0.3.0 JSON-RPC method names as fallback
// ("message/send", ...) when a card declares protocol version 0.3. v0.3 has no JSON-RPC method for
// ListTasks; asking for it is a ProtocolError.
//
// Errors (ruvector::Error codes):
//  - kProtocolError: text that is not JSON, not a JSON-RPC 2.0 response, an id that does not match
//    the request, or a JSON-RPC `error` member (thrown as JsonRpcError, which also carries the
//    JSON-RPC code, message and data).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ruvector/core/error.hpp"

namespace ruvector::a2a {

// ---------------------------------------------------------------------------------------------
// JSON text
// ---------------------------------------------------------------------------------------------

struct JsonLimits {
  std::size_t max_bytes = std::size_t{64} << 20U;  // the whole text
  std::size_t max_depth = 128;                     // nesting of arrays and objects
};

// Parses protocol JSON (RFC 8259). Unlike boost::json::parse (Boost 1.81) it
//  - reads every non-integer number with correct rounding (strtod on the digits, locale-free;
//    Boost 1.81's own reader can be one ulp off, which breaks RFC 8785 signatures),
//  - rejects numbers outside the double range (Boost would produce an infinity),
//  - rejects duplicate member names (Boost silently keeps the last one; I-JSON / RFC 8785 forbid them),
//  - rejects invalid UTF-8, comments, trailing commas and trailing content.
// Throws ProtocolError naming `what` and the byte offset.
boost::json::value parse_json(std::string_view text, std::string_view what = "JSON text",
                              const JsonLimits& limits = {});

// ---------------------------------------------------------------------------------------------
// Protocol versions and method names
// ---------------------------------------------------------------------------------------------

enum class ProtocolVersion : std::uint8_t { kV0_3, kV1_0 };

// "0.3" / "1.0": the value of the A2A-Version header and of AgentInterface.protocolVersion.
std::string_view version_string(ProtocolVersion version) noexcept;

// Accepts "1.0", "1.0.1", "1", "0.3", "0.3.0" (major.minor is what matters). Anything else,
// including other versions, is a ProtocolError naming the value.
ProtocolVersion parse_protocol_version(std::string_view text);

enum class Method : std::uint8_t {
  kSendMessage,
  kSendStreamingMessage,
  kGetTask,
  kListTasks,
  kCancelTask,
  kSubscribeToTask,
  kCreateTaskPushNotificationConfig,
  kGetTaskPushNotificationConfig,
  kListTaskPushNotificationConfigs,
  kDeleteTaskPushNotificationConfig,
  kGetExtendedAgentCard,
};

// v1.0: SendMessage, SendStreamingMessage, GetTask, ListTasks, CancelTask, SubscribeToTask,
//       CreateTaskPushNotificationConfig, GetTaskPushNotificationConfig,
//       ListTaskPushNotificationConfigs, DeleteTaskPushNotificationConfig, GetExtendedAgentCard.
// v0.3: message/send, message/stream, tasks/get, (none), tasks/cancel, tasks/resubscribe,
//       tasks/pushNotificationConfig/{set,get,list,delete}, agent/getAuthenticatedExtendedCard.
std::string_view method_name(Method method, ProtocolVersion version);

// True for the methods answered with a text/event-stream of JSON-RPC responses.
bool is_streaming(Method method) noexcept;

// ---------------------------------------------------------------------------------------------
// Ids
// ---------------------------------------------------------------------------------------------

// Request ids and message ids. Not thread-safe: one per client (the client serializes access).
class IdGenerator {
 public:
  explicit IdGenerator(std::uint64_t seed);
  // A seed from std::random_device (the OS, or crypto.getRandomValues under emscripten).
  static std::uint64_t random_seed();

  // 1, 2, 3, ...: JSON-RPC request ids, unique per generator.
  std::int64_t next_request_id() noexcept { return ++request_counter_; }
  // A random (version 4) UUID in lower-case 8-4-4-4-12 form: message ids.
  std::string uuid4();

 private:
  std::uint64_t next64() noexcept;
  std::uint64_t state_;
  std::int64_t request_counter_ = 0;
};

// ---------------------------------------------------------------------------------------------
// JSON-RPC 2.0 envelope
// ---------------------------------------------------------------------------------------------

// {"jsonrpc":"2.0","id":id,"method":name,"params":params}; `params` is omitted when nullopt.
// `id` must be a string or an integer (ProtocolError otherwise).
boost::json::object make_request(const boost::json::value& id, std::string_view method,
                                 std::optional<boost::json::object> params);
boost::json::object make_request(const boost::json::value& id, Method method, ProtocolVersion version,
                                 std::optional<boost::json::object> params);

// A JSON-RPC error response, surfaced as ProtocolError (ErrorCode::kProtocolError). what() reads
// like "JSON-RPC error -32001 (TaskNotFoundError): Task not found".
class JsonRpcError : public Error {
 public:
  JsonRpcError(std::int64_t rpc_code, std::string rpc_message, boost::json::value data);
  [[nodiscard]] std::int64_t rpc_code() const noexcept { return rpc_code_; }
  [[nodiscard]] const std::string& rpc_message() const noexcept { return rpc_message_; }
  [[nodiscard]] const boost::json::value& data() const noexcept { return data_; }

 private:
  std::int64_t rpc_code_;
  std::string rpc_message_;
  boost::json::value data_;
};

// The name of a JSON-RPC / A2A error code ("ParseError", "TaskNotFoundError", ...; "" if unknown).
std::string_view rpc_error_name(std::int64_t code) noexcept;

// Validates a response object and returns its `result`:
//  - an object with "jsonrpc": "2.0" and exactly one of "result" / "error";
//  - "id" equal to `expected_id` (a number equals the same integer; an error response may carry
//    a null id, as JSON-RPC prescribes when the server could not read the request id);
//  - an "error" member becomes a thrown JsonRpcError (code + message + optional data).
// The result is a reference into `response` (no copy per streamed event).
const boost::json::value& check_response(const boost::json::value& response, const boost::json::value& expected_id);

// parse_json(body) then check_response.
boost::json::value parse_response(std::string_view body, const boost::json::value& expected_id);

}  // namespace ruvector::a2a
