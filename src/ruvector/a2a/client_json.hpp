// The sans-I/O client (client_core.hpp) over JSON text: the whole surface the Python (nanobind)
// and JS (Embind) bindings expose, so they only forward strings and never parse options, messages
// or results themselves.
//
// JSON shapes (camelCase, as a JS user would write them; Python passes the same keys):
//  options:  {"bearerToken", "apiKey", "apiKeyHeader", "headers": {name: value} | [[name, value]],
//             "trustedKeys": JWKS object | JWK object | JSON text, "requireSignature": bool,
//             "credentialOrigins": ["https://host[:port]"], "protocolVersion": "1.0" | "0.3",
//             "maxResubscribes": int, "connectTimeoutMs": ms, "readTimeoutMs": ms}
//            (all optional; requireSignature unset = true with trustedKeys; timeouts 10 s / 60 s)
//  message:  a string (a user text message), or a Message object in either version's spelling;
//            messageId and role (user) may be left out.
//  config:   {"acceptedOutputModes", "historyLength", "returnImmediately", ...extra copied}
//  query:    {"contextId", "status": "working" | "TASK_STATE_WORKING", "pageSize", "pageToken",
//             "historyLength", "statusTimestampAfter", "includeArtifacts"}
//  request:  {"method": "POST", "url", "headers": [[name, value]], "body": text, "streaming": bool,
//             "connectTimeoutMs", "readTimeoutMs", "maxResponseBytes"}
// Results are typed: events (client_core.hpp: Event) and call results (CallResult), which the
// bindings turn into their language's objects once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/a2a/client_core.hpp"

namespace ruvector::a2a {

ClientOptions parse_client_options(std::string_view options_json);

// "SendMessage" (1.0 names, also accepted: the 0.3 names) -> Method; ProtocolError if unknown.
Method parse_method_name(std::string_view name);

std::string request_json(const HttpRequest& request);

// agent_card_urls + card_request for bindings: the discovery requests, as a JSON array of
// requests, each with the cache validators of `cache` (may be null).
std::string card_requests_json(std::string_view base_url, std::string_view options_json, const CardCache* cache);

class JsonCall {
 public:
  explicit JsonCall(Call call) : call_(std::move(call)) {}
  [[nodiscard]] std::string request() const { return request_json(call_.request); }
  [[nodiscard]] const Call& call() const noexcept { return call_; }
  // The transfer failed: throws the core's error (see TransferFailure for the kind names).
  [[noreturn]] void fail(std::string_view kind, std::string_view detail) const;

 private:
  Call call_;
};

class JsonStream {
 public:
  explicit JsonStream(StreamSession session) : session_(std::move(session)) {}
  [[nodiscard]] std::string request() const { return request_json(session_.request()); }
  void on_head(int status, std::string_view content_type) { session_.on_head(status, content_type); }
  // The events the chunk completes (none, one or several).
  std::vector<Event> on_data(std::string_view chunk) { return session_.on_data(chunk); }
  // StreamSession::on_end / on_fail (kind: a TransferFailure name). True: complete; false: send
  // request() again.
  bool on_end() { return session_.on_end(); }
  bool on_fail(std::string_view kind, std::string_view detail);
  [[nodiscard]] bool done() const noexcept { return session_.done(); }
  [[nodiscard]] const std::string& task_id() const noexcept { return session_.task_id(); }

 private:
  StreamSession session_;
};

// Thread-safe like Client.
class JsonClient {
 public:
  JsonClient(std::string_view card_json, std::string_view card_url, std::string_view options_json);

  // {"card": <card as received>, "name", "endpoint", "version": "1.0" | "0.3",
  //  "cardVerified": bool, "cardKeyId": "...", "streaming": bool}
  [[nodiscard]] std::string info() const;

  JsonCall send_message(std::string_view message_json, std::string_view config_json, std::string_view metadata_json);
  JsonCall get_task(std::string_view task_id, std::int64_t history_length);  // < 0: not sent
  JsonCall list_tasks(std::string_view query_json);
  JsonCall cancel_task(std::string_view task_id);
  // Any method by name with params as JSON text ("" = none), e.g. the push-notification config
  // methods or GetExtendedAgentCard.
  JsonCall call(std::string_view method_name, std::string_view params_json);
  // The answer to `call`: an event, a page of tasks, or (other methods) the JSON-RPC result.
  CallResult finish(const JsonCall& call, int status, std::string_view content_type, std::string_view body);

  JsonStream stream_message(std::string_view message_json, std::string_view config_json,
                            std::string_view metadata_json);
  JsonStream subscribe(std::string_view task_id);

 private:
  Message message_from_json(std::string_view message_json);
  std::unique_ptr<Client> client_;  // stable address: stream sessions point at it
};

}  // namespace ruvector::a2a
