#include "ruvector/a2a/jsonrpc.hpp"

#include "ruvector/a2a/json_kind.hpp"

#include <algorithm>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value_stack.hpp>
#include <cmath>
#include <cstdlib>
#include <random>
#include <utility>
#include <vector>

#include "ruvector/core/splitmix64.hpp"

namespace ruvector::a2a {
namespace {

namespace json = boost::json;

[[noreturn]] void protocol_error(const std::string& message) {
  throw_error(ErrorCode::kProtocolError, message);
}

// The value of an exponent's text after the 'e' ("+12", "-3", "7"), clamped far beyond any
// double's range so it cannot overflow.
std::int64_t exponent_part(std::string_view text) {
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  std::int64_t e = 0;
  for (; i < text.size(); ++i) e = std::min<std::int64_t>(e * 10 + (text[i] - '0'), 4'000'000'000);
  return negative ? -e : e;
}

// Correctly rounded value of a JSON number text (validated by the parser), or nullopt when it is
// outside the range of a double. The text is rewritten as "[-]DIGITSeEXP" (no decimal point, so
// strtod's locale never matters) and converted by the C library, whose strtod is correctly rounded
// (glibc, and musl under emscripten).
std::optional<double> exact_double(std::string_view text) {
  std::string digits;
  digits.reserve(text.size() + 24);
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') digits.push_back(text[i++]);
  const std::size_t first_digit = digits.size();
  std::int64_t exponent = 0;
  bool in_fraction = false;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    if (text[i] == '.') {
      in_fraction = true;
      continue;
    }
    if (in_fraction) --exponent;
    if (digits.size() == first_digit && text[i] == '0') continue;  // leading zeros
    digits.push_back(text[i]);
  }
  if (i < text.size()) exponent += exponent_part(text.substr(i + 1));
  const auto significant = static_cast<std::int64_t>(digits.size() - first_digit);
  if (significant == 0) return first_digit == 1 ? -0.0 : 0.0;
  if (exponent + significant > 310) return std::nullopt;                    // >= 1e310: not a double
  if (exponent + significant < -330) return first_digit == 1 ? -0.0 : 0.0;  // < 1e-330 rounds to zero
  digits.push_back('e');
  digits += std::to_string(exponent);
  const double x = std::strtod(digits.c_str(), nullptr);
  if (std::isinf(x)) return std::nullopt;
  return x;
}

// A basic_parser handler that builds a json::value like Boost's own, but reads doubles exactly and
// rejects duplicate member names.
class ExactHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();  // NOLINT(readability-identifier-naming)
  static constexpr std::size_t max_array_size = json::array::max_size();    // NOLINT(readability-identifier-naming)
  static constexpr std::size_t max_key_size = json::string::max_size();     // NOLINT(readability-identifier-naming)
  static constexpr std::size_t max_string_size = json::string::max_size();  // NOLINT(readability-identifier-naming)

  ExactHandler() { stack_.reset(); }

  json::value release() { return stack_.release(); }
  [[nodiscard]] const std::string& problem() const noexcept { return problem_; }

  // NOLINTBEGIN(readability-convert-member-functions-to-static)
  bool on_document_begin(json::error_code& /*ec*/) { return true; }
  bool on_document_end(json::error_code& /*ec*/) { return true; }
  bool on_object_begin(json::error_code& /*ec*/) {
    keys_.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code& ec) {
    std::vector<std::string>& keys = keys_.back();
    std::sort(keys.begin(), keys.end());
    const auto dup = std::adjacent_find(keys.begin(), keys.end());
    if (dup != keys.end()) return fail(ec, "duplicate member name \"" + *dup + "\"");
    keys_.pop_back();
    stack_.push_object(n);
    return true;
  }
  bool on_array_begin(json::error_code& /*ec*/) { return true; }
  bool on_array_end(std::size_t n, json::error_code& /*ec*/) {
    stack_.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t /*n*/, json::error_code& /*ec*/) {
    key_.append(s.data(), s.size());
    stack_.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t /*n*/, json::error_code& /*ec*/) {
    key_.append(s.data(), s.size());
    keys_.back().push_back(std::move(key_));
    key_.clear();
    stack_.push_key(s);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t /*n*/, json::error_code& /*ec*/) {
    stack_.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t /*n*/, json::error_code& /*ec*/) {
    stack_.push_string(s);
    return true;
  }
  bool on_number_part(json::string_view s, json::error_code& /*ec*/) {
    number_.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view /*s*/, json::error_code& /*ec*/) {
    number_.clear();
    stack_.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view /*s*/, json::error_code& /*ec*/) {
    number_.clear();
    stack_.push_uint64(u);
    return true;
  }
  bool on_double(double /*d*/, json::string_view s, json::error_code& ec) {
    number_.append(s.data(), s.size());
    const std::optional<double> x = exact_double(number_);
    if (!x) return fail(ec, "number " + number_.substr(0, 40) + " is outside the range of a double");
    number_.clear();
    stack_.push_double(*x);
    return true;
  }
  bool on_bool(bool b, json::error_code& /*ec*/) {
    stack_.push_bool(b);
    return true;
  }
  bool on_null(json::error_code& /*ec*/) {
    stack_.push_null();
    return true;
  }
  bool on_comment_part(json::string_view /*s*/, json::error_code& /*ec*/) { return true; }
  bool on_comment(json::string_view /*s*/, json::error_code& /*ec*/) { return true; }
  // NOLINTEND(readability-convert-member-functions-to-static)

 private:
  bool fail(json::error_code& ec, std::string message) {
    problem_ = std::move(message);
    ec = json::error::syntax;
    return false;
  }

  json::value_stack stack_;
  std::vector<std::vector<std::string>> keys_;  // member names of each open object
  std::string key_;
  std::string number_;
  std::string problem_;
};

std::string short_json(const json::value& v) {
  std::string s = json::serialize(v);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

// JSON-RPC ids: equal strings, or equal integers whatever their signedness.
bool same_id(const json::value& a, const json::value& b) {
  if (a.is_string() && b.is_string()) return a.get_string() == b.get_string();
  const auto as_int = [](const json::value& v) -> std::optional<std::int64_t> {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
      return static_cast<std::int64_t>(v.get_uint64());
    }
    if (v.is_double()) {
      const double d = v.get_double();
      if (std::floor(d) == d && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
  };
  const auto ia = as_int(a);
  const auto ib = as_int(b);
  return ia && ib && *ia == *ib;
}

}  // namespace

json::value parse_json(std::string_view text, std::string_view what, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    protocol_error(std::string(what) + " is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                   std::to_string(limits.max_bytes));
  }
  json::parse_options options;
  options.max_depth = limits.max_depth;
  json::basic_parser<ExactHandler> parser(options);
  json::error_code ec;
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (ec) {
    std::string reason = parser.handler().problem();
    if (reason.empty())
      reason = ec == json::error::too_deep ? "nesting deeper than " + std::to_string(limits.max_depth) + " levels"
                                           : ec.message();
    protocol_error(std::string(what) + " is not valid JSON: " + reason + " (at byte " + std::to_string(used) + ")");
  }
  if (!parser.done()) protocol_error(std::string(what) + " is not valid JSON: incomplete text");
  if (used != text.size()) {
    protocol_error(std::string(what) + " is not valid JSON: unexpected data after the value (at byte " +
                   std::to_string(used) + ")");
  }
  return parser.handler().release();
}

std::string_view version_string(ProtocolVersion version) noexcept {
  return version == ProtocolVersion::kV0_3 ? "0.3" : "1.0";
}

ProtocolVersion parse_protocol_version(std::string_view text) {
  const auto starts = [&](std::string_view prefix) {
    return text == prefix || (text.size() > prefix.size() && text.starts_with(prefix) && text[prefix.size()] == '.');
  };
  if (text == "1" || starts("1.0")) return ProtocolVersion::kV1_0;
  if (starts("0.3")) return ProtocolVersion::kV0_3;
  protocol_error("unsupported A2A protocol version \"" + std::string(text.substr(0, 40)) +
                 "\" (this client speaks 1.0 and 0.3)");
}

std::string_view method_name(Method method, ProtocolVersion version) {
  const bool v1 = version == ProtocolVersion::kV1_0;
  switch (method) {
    case Method::kSendMessage: return v1 ? "SendMessage" : "message/send";
    case Method::kSendStreamingMessage: return v1 ? "SendStreamingMessage" : "message/stream";
    case Method::kGetTask: return v1 ? "GetTask" : "tasks/get";
    case Method::kListTasks:
      if (v1) return "ListTasks";
      protocol_error("ListTasks has no JSON-RPC method in A2A 0.3 (the agent declares protocol version 0.3)");
    case Method::kCancelTask: return v1 ? "CancelTask" : "tasks/cancel";
    case Method::kSubscribeToTask: return v1 ? "SubscribeToTask" : "tasks/resubscribe";
    case Method::kCreateTaskPushNotificationConfig:
      return v1 ? "CreateTaskPushNotificationConfig" : "tasks/pushNotificationConfig/set";
    case Method::kGetTaskPushNotificationConfig:
      return v1 ? "GetTaskPushNotificationConfig" : "tasks/pushNotificationConfig/get";
    case Method::kListTaskPushNotificationConfigs:
      return v1 ? "ListTaskPushNotificationConfigs" : "tasks/pushNotificationConfig/list";
    case Method::kDeleteTaskPushNotificationConfig:
      return v1 ? "DeleteTaskPushNotificationConfig" : "tasks/pushNotificationConfig/delete";
    case Method::kGetExtendedAgentCard: return v1 ? "GetExtendedAgentCard" : "agent/getAuthenticatedExtendedCard";
  }
  protocol_error("unknown A2A method");
}

bool is_streaming(Method method) noexcept {
  return method == Method::kSendStreamingMessage || method == Method::kSubscribeToTask;
}

IdGenerator::IdGenerator(std::uint64_t seed) : state_(seed) {}

std::uint64_t IdGenerator::random_seed() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32U) ^ static_cast<std::uint64_t>(device());
}

std::uint64_t IdGenerator::next64() noexcept {
  return splitmix64(state_);
}

std::string IdGenerator::uuid4() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t hi = next64();
  std::uint64_t lo = next64();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                // version 4
  lo = (lo & ~(0xC0ULL << 56U)) | (0x80ULL << 56U);  // RFC 4122 variant
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
    const std::uint64_t word = i < 16 ? hi : lo;
    const auto shift = static_cast<unsigned>(60 - 4 * (i % 16));
    out.push_back(kHex[(word >> shift) & 0xFU]);
  }
  return out;
}

json::object make_request(const json::value& id, std::string_view method, std::optional<json::object> params) {
  if (!id.is_string() && !id.is_int64() && !id.is_uint64()) {
    protocol_error("a JSON-RPC request id must be a string or an integer, got " + short_json(id));
  }
  json::object request;
  request["jsonrpc"] = "2.0";
  request["id"] = id;
  request["method"] = method;
  if (params) request["params"] = std::move(*params);
  return request;
}

json::object make_request(const json::value& id, Method method, ProtocolVersion version,
                          std::optional<json::object> params) {
  return make_request(id, method_name(method, version), std::move(params));
}

JsonRpcError::JsonRpcError(std::int64_t rpc_code, std::string rpc_message, json::value data)
    : Error(ErrorCode::kProtocolError,
            [&] {
              std::string what = "JSON-RPC error " + std::to_string(rpc_code);
              const std::string_view name = rpc_error_name(rpc_code);
              if (!name.empty()) what += " (" + std::string(name) + ")";
              return what + ": " + rpc_message;
            }()),
      rpc_code_(rpc_code),
      rpc_message_(std::move(rpc_message)),
      data_(std::move(data)) {}

std::string_view rpc_error_name(std::int64_t code) noexcept {
  switch (code) {
    case -32700: return "JSONParseError";
    case -32600: return "InvalidRequestError";
    case -32601: return "MethodNotFoundError";
    case -32602: return "InvalidParamsError";
    case -32603: return "InternalError";
    case -32001: return "TaskNotFoundError";
    case -32002: return "TaskNotCancelableError";
    case -32003: return "PushNotificationNotSupportedError";
    case -32004: return "UnsupportedOperationError";
    case -32005: return "ContentTypeNotSupportedError";
    case -32006: return "InvalidAgentResponseError";
    case -32007: return "ExtendedAgentCardNotConfiguredError";
    case -32008: return "ExtensionSupportRequiredError";
    case -32009: return "VersionNotSupportedError";
    default: return "";
  }
}

namespace {

std::string json_or_nothing(const json::value* v) {
  return v == nullptr ? std::string("nothing") : short_json(*v);
}

// "jsonrpc": "2.0", exactly one of "result" and "error", and an "id" matching the request's (an
// error may carry a null id).
void check_envelope(const json::object& obj, const json::value& expected_id) {
  const json::value* version = obj.if_contains("jsonrpc");
  if (version == nullptr || !version->is_string() || version->get_string() != "2.0") {
    protocol_error(R"(JSON-RPC response: "jsonrpc" must be "2.0", got )" + json_or_nothing(version));
  }
  const json::value* result = obj.if_contains("result");
  const json::value* error = obj.if_contains("error");
  if ((result == nullptr) == (error == nullptr)) {
    protocol_error(result == nullptr ? R"(JSON-RPC response has neither "result" nor "error")"
                                     : R"(JSON-RPC response has both "result" and "error")");
  }
  const json::value* id = obj.if_contains("id");
  if (id == nullptr) protocol_error("JSON-RPC response has no \"id\"");
  const bool null_id_error = error != nullptr && id->is_null();
  if (!null_id_error && !same_id(*id, expected_id)) {
    protocol_error("JSON-RPC response id " + short_json(*id) + " does not match the request id " +
                   short_json(expected_id));
  }
}

// error.code: an integer, possibly written as a double without a fraction.
std::int64_t error_code(const json::value* code) {
  if (code != nullptr && code->is_int64()) return code->get_int64();
  if (code != nullptr && code->is_double() && std::floor(code->get_double()) == code->get_double() &&
      std::fabs(code->get_double()) < 9.0e15) {
    return static_cast<std::int64_t>(code->get_double());
  }
  protocol_error("JSON-RPC response: error.code must be an integer, got " + json_or_nothing(code));
}

// The JsonRpcError an "error" member describes.
[[noreturn]] void throw_error_member(const json::value& error) {
  if (!error.is_object()) {
    protocol_error("JSON-RPC response: \"error\" must be an object, got " + std::string(json_kind_name(error.kind())));
  }
  const json::object& err = error.get_object();
  const std::int64_t code = error_code(err.if_contains("code"));
  const json::value* message = err.if_contains("message");
  if (message == nullptr || !message->is_string()) {
    protocol_error("JSON-RPC response: error.message must be a string, got " + json_or_nothing(message));
  }
  const json::value* data = err.if_contains("data");
  throw JsonRpcError(code, std::string(message->get_string()), data != nullptr ? *data : json::value());
}

}  // namespace

const json::value& check_response(const json::value& response, const json::value& expected_id) {
  if (!response.is_object()) {
    protocol_error("JSON-RPC response: expected an object, got " + std::string(json_kind_name(response.kind())));
  }
  const json::object& obj = response.get_object();
  check_envelope(obj, expected_id);
  if (const json::value* result = obj.if_contains("result")) return *result;
  throw_error_member(obj.at("error"));
}

json::value parse_response(std::string_view body, const json::value& expected_id) {
  const json::value response = parse_json(body, "JSON-RPC response");
  return check_response(response, expected_id);
}

}  // namespace ruvector::a2a
