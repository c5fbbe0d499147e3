#include "ruvector/a2a/client_json.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <utility>

#include "ruvector/a2a/origin.hpp"
#include "ruvector/core/error.hpp"

namespace ruvector::a2a {

namespace json = boost::json;

namespace {

[[noreturn]] void bad_option(const std::string& what) {
  throw_error(ErrorCode::kInvalidInput, "A2A client " + what);
}

// Optional JSON text argument: "" -> nullopt.
std::optional<json::value> parse_optional(std::string_view text, std::string_view what) {
  if (text.empty()) return std::nullopt;
  return parse_json(text, what);
}

const json::object& need_object(const json::value& v, std::string_view what) {
  if (!v.is_object()) bad_option(std::string(what) + " must be an object");
  return v.as_object();
}

std::optional<std::string> opt_string(const json::object& o, std::string_view key, std::string_view what) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) bad_option(std::string(what) + "." + std::string(key) + " must be a string");
  return std::string(v->as_string());
}

std::optional<std::int64_t> opt_int(const json::object& o, std::string_view key, std::string_view what) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v->as_uint64());
  }
  if (v->is_double() && v->as_double() == static_cast<double>(static_cast<std::int64_t>(v->as_double()))) {
    return static_cast<std::int64_t>(v->as_double());  // JS numbers arrive as doubles
  }
  bad_option(std::string(what) + "." + std::string(key) + " must be an integer");
}

std::optional<bool> opt_bool(const json::object& o, std::string_view key, std::string_view what) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_bool()) bad_option(std::string(what) + "." + std::string(key) + " must be true or false");
  return v->as_bool();
}

std::vector<HttpHeader> parse_headers(const json::value& v) {
  std::vector<HttpHeader> out;
  const auto add = [&](const json::value& name, const json::value& value) {
    if (!name.is_string() || !value.is_string()) bad_option("headers must map names to string values");
    const std::string n(name.as_string());
    const std::string val(value.as_string());
    // A CR or LF in a header would let a value inject further headers.
    if (n.empty() || n.find_first_of(":\r\n \t") != std::string::npos ||
        val.find_first_of("\r\n") != std::string::npos) {
      bad_option("header \"" + n.substr(0, 60) + "\" has an invalid name or value");
    }
    out.push_back({n, val});
  };
  if (v.is_object()) {
    for (const auto& kv : v.as_object()) add(json::value(kv.key()), kv.value());
  } else if (v.is_array()) {
    for (const json::value& pair : v.as_array()) {
      if (!pair.is_array() || pair.as_array().size() != 2) bad_option("headers must be [name, value] pairs");
      add(pair.as_array()[0], pair.as_array()[1]);
    }
  } else if (!v.is_null()) {
    bad_option("headers must be an object or a list of [name, value] pairs");
  }
  return out;
}

std::optional<std::vector<std::string>> opt_strings(const json::object& o, std::string_view key,
                                                    std::string_view what) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_array()) bad_option(std::string(what) + "." + std::string(key) + " must be a list of strings");
  std::vector<std::string> out;
  for (const json::value& s : v->as_array()) {
    if (!s.is_string()) bad_option(std::string(what) + "." + std::string(key) + " must be a list of strings");
    out.emplace_back(s.as_string());
  }
  return out;
}

std::optional<SendConfiguration> parse_configuration(std::string_view text) {
  const std::optional<json::value> v = parse_optional(text, "send configuration");
  if (!v || v->is_null()) return std::nullopt;
  const json::object& o = need_object(*v, "configuration");
  SendConfiguration c;
  c.accepted_output_modes = opt_strings(o, "acceptedOutputModes", "configuration");
  c.history_length = opt_int(o, "historyLength", "configuration");
  c.return_immediately = opt_bool(o, "returnImmediately", "configuration");
  for (const auto& kv : o) {
    if (kv.key() != "acceptedOutputModes" && kv.key() != "historyLength" && kv.key() != "returnImmediately") {
      c.extra[kv.key()] = kv.value();
    }
  }
  return c;
}

std::optional<json::object> parse_metadata(std::string_view text) {
  const std::optional<json::value> v = parse_optional(text, "metadata");
  if (!v || v->is_null()) return std::nullopt;
  return need_object(*v, "metadata");
}

// A timeout option in milliseconds: a positive, finite number (fractions round to the nearest ms,
// at least 1), at most a day; absent or null keeps `fallback` (the core's default).
std::int64_t timeout_ms(const json::object& o, std::string_view key, std::int64_t fallback) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  constexpr double kMaxMs = 86'400'000.0;
  const double ms = v->is_number() ? v->to_number<double>() : -1.0;
  if (ms <= 0.0 || ms > kMaxMs) {  // JSON numbers are finite
    bad_option(std::string(key) + " must be a positive number of milliseconds (at most a day), got " +
               json::serialize(*v).substr(0, 40));
  }
  return std::max<std::int64_t>(1, std::llround(ms));
}

}  // namespace

ClientOptions parse_client_options(std::string_view options_json) {
  ClientOptions options;
  const std::optional<json::value> v = parse_optional(options_json, "client options");
  if (!v || v->is_null()) return options;
  const json::object& o = need_object(*v, "options");
  static constexpr std::string_view kKnown[] = {
      "bearerToken",       "apiKey",           "apiKeyHeader",  "headers",         "trustedKeys",    "requireSignature",
      "credentialOrigins", "connectTimeoutMs", "readTimeoutMs", "protocolVersion", "maxResubscribes"};
  for (const auto& kv : o) {
    if (std::find(std::begin(kKnown), std::end(kKnown), kv.key()) == std::end(kKnown)) {
      bad_option("option \"" + std::string(kv.key()) + "\" is unknown");
    }
  }
  options.bearer_token = opt_string(o, "bearerToken", "options");
  options.api_key = opt_string(o, "apiKey", "options");
  if (auto h = opt_string(o, "apiKeyHeader", "options")) options.api_key_header = std::move(*h);
  if (const json::value* h = o.if_contains("headers")) options.headers = parse_headers(*h);
  if (const json::value* k = o.if_contains("trustedKeys"); k != nullptr && !k->is_null()) {
    options.trusted_keys_json = k->is_string() ? std::string(k->as_string()) : json::serialize(*k);
  }
  options.require_signature = opt_bool(o, "requireSignature", "options");
  if (auto origins = opt_strings(o, "credentialOrigins", "options")) {
    for (std::size_t i = 0; i < origins->size(); ++i) {
      options.credential_origins.push_back(
          parse_credential_origin((*origins)[i], "options.credentialOrigins[" + std::to_string(i) + "]"));
    }
  }
  if (auto version = opt_string(o, "protocolVersion", "options")) {
    options.protocol_version = parse_protocol_version(*version);
  }
  if (auto n = opt_int(o, "maxResubscribes", "options")) {
    if (*n < 0 || *n > 1000) bad_option("maxResubscribes must be in 0..1000, got " + std::to_string(*n));
    options.max_resubscribes = static_cast<int>(*n);
  }
  options.connect_timeout_ms = timeout_ms(o, "connectTimeoutMs", options.connect_timeout_ms);
  options.read_timeout_ms = timeout_ms(o, "readTimeoutMs", options.read_timeout_ms);
  return options;
}

Method parse_method_name(std::string_view name) {
  constexpr Method kAll[] = {Method::kSendMessage,
                             Method::kSendStreamingMessage,
                             Method::kGetTask,
                             Method::kListTasks,
                             Method::kCancelTask,
                             Method::kSubscribeToTask,
                             Method::kCreateTaskPushNotificationConfig,
                             Method::kGetTaskPushNotificationConfig,
                             Method::kListTaskPushNotificationConfigs,
                             Method::kDeleteTaskPushNotificationConfig,
                             Method::kGetExtendedAgentCard};
  for (const Method m : kAll) {
    if (method_name(m, ProtocolVersion::kV1_0) == name) return m;
    if (m != Method::kListTasks && method_name(m, ProtocolVersion::kV0_3) == name) return m;
  }
  throw_error(ErrorCode::kProtocolError, "unknown A2A method \"" + std::string(name.substr(0, 80)) + "\"");
}

std::string request_json(const HttpRequest& request) {
  json::object o;
  o["method"] = request.method;
  o["url"] = request.url;
  json::array headers;
  for (const HttpHeader& h : request.headers)
    headers.emplace_back(json::array{json::value(h.name), json::value(h.value)});
  o["headers"] = std::move(headers);
  o["body"] = request.body;
  o["streaming"] = request.streaming;
  o["connectTimeoutMs"] = request.connect_timeout_ms;
  o["readTimeoutMs"] = request.read_timeout_ms;
  o["maxResponseBytes"] = request.max_response_bytes;
  return json::serialize(o);
}

std::string card_requests_json(std::string_view base_url, std::string_view options_json, const CardCache* cache) {
  const ClientOptions options = parse_client_options(options_json);
  std::string out = "[";
  for (const std::string& url : agent_card_urls(base_url)) {
    if (out.size() > 1) out += ',';
    out +=
        request_json(card_request(url, options, cache != nullptr ? cache->validators(url) : std::vector<HttpHeader>{}));
  }
  return out + "]";
}

bool JsonStream::on_fail(std::string_view kind, std::string_view detail) {
  return session_.on_fail(parse_transfer_failure(kind), detail);
}

void JsonCall::fail(std::string_view kind, std::string_view detail) const {
  throw_transfer_failure(call_.request, parse_transfer_failure(kind), detail);
}

JsonClient::JsonClient(std::string_view card_json, std::string_view card_url, std::string_view options_json)
    : client_(std::make_unique<Client>(card_json, card_url, parse_client_options(options_json))) {}

std::string JsonClient::info() const {
  json::object o;
  o["card"] = client_->card_value();
  o["name"] = client_->card().name;
  o["endpoint"] = client_->endpoint().url;
  o["version"] = version_string(client_->version());
  o["cardVerified"] = client_->card_verified();
  o["cardKeyId"] = client_->card_key_id();
  o["streaming"] = client_->card().capabilities.streaming.value_or(false);
  return json::serialize(o);
}

Message JsonClient::message_from_json(std::string_view message_json) {
  json::value v = parse_json(message_json, "message");
  if (v.is_string()) {
    Message m;
    m.parts.push_back(Part::text_part(std::string(v.as_string())));
    client_->ensure_message_id(m);
    return m;
  }
  if (!v.is_object()) bad_option("message must be a string or a Message object");
  json::object& o = v.as_object();
  if (!o.contains("role")) o["role"] = role_name(Role::kUser, ProtocolVersion::kV1_0);
  if (!o.contains("messageId")) {
    Message probe;
    client_->ensure_message_id(probe);
    o["messageId"] = probe.message_id;
  }
  return parse_message(v, "message");
}

JsonCall JsonClient::send_message(std::string_view message_json, std::string_view config_json,
                                  std::string_view metadata_json) {
  return JsonCall(client_->send_message(message_from_json(message_json), parse_configuration(config_json),
                                        parse_metadata(metadata_json)));
}

JsonCall JsonClient::get_task(std::string_view task_id, std::int64_t history_length) {
  return JsonCall(client_->get_task(task_id, history_length < 0 ? std::nullopt : std::optional(history_length)));
}

JsonCall JsonClient::list_tasks(std::string_view query_json) {
  ListTasksQuery q;
  const std::optional<json::value> v = parse_optional(query_json, "list query");
  if (v && !v->is_null()) {
    const json::object& o = need_object(*v, "list query");
    q.context_id = opt_string(o, "contextId", "query");
    if (auto s = opt_string(o, "status", "query")) q.status = parse_task_state(*s, "query.status");
    q.page_size = opt_int(o, "pageSize", "query");
    q.page_token = opt_string(o, "pageToken", "query");
    q.history_length = opt_int(o, "historyLength", "query");
    q.status_timestamp_after = opt_string(o, "statusTimestampAfter", "query");
    q.include_artifacts = opt_bool(o, "includeArtifacts", "query");
  }
  return JsonCall(client_->list_tasks(q));
}

JsonCall JsonClient::cancel_task(std::string_view task_id) {
  return JsonCall(client_->cancel_task(task_id));
}

JsonCall JsonClient::call(std::string_view method_name, std::string_view params_json) {
  const Method method = parse_method_name(method_name);
  const std::optional<json::value> params = parse_optional(params_json, "params");
  std::optional<json::object> object;
  if (params && !params->is_null()) object = need_object(*params, "params");
  return JsonCall(client_->prepare(method, std::move(object)));
}

CallResult JsonClient::finish(const JsonCall& call, int status, std::string_view content_type, std::string_view body) {
  return call_result(call.call().method, client_->finish(call.call(), status, content_type, body));
}

JsonStream JsonClient::stream_message(std::string_view message_json, std::string_view config_json,
                                      std::string_view metadata_json) {
  return JsonStream(client_->stream_message(message_from_json(message_json), parse_configuration(config_json),
                                            parse_metadata(metadata_json)));
}

JsonStream JsonClient::subscribe(std::string_view task_id) {
  return JsonStream(client_->subscribe(task_id));
}

}  // namespace ruvector::a2a
