// The A2A client without I/O ("sans-I/O"): everything a client does except moving bytes.
//
// Bindings own a transport (libcurl natively, fetch in wasm) and a clock; this file decides which
// requests to send (URLs, headers, JSON-RPC bodies), reads what comes back (status, content type,
// body or SSE chunks), validates it into typed A2A objects and decides what happens next (done, or
// resubscribe after a dropped stream). Because the Python and JS clients only shuttle bytes between
// their transport and these classes, the protocol logic exists once.
//
// Events cross a binding in one normalized shape (Event below), so a binding maps fields and never
// interprets protocol versions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ruvector/a2a/card_verify.hpp"
#include "ruvector/a2a/jsonrpc.hpp"
#include "ruvector/a2a/sse.hpp"
#include "ruvector/a2a/types.hpp"

namespace ruvector::a2a {

struct HttpHeader {
  std::string name;
  std::string value;
};

struct HttpRequest {
  std::string method;  // "GET" or "POST"
  std::string url;
  std::vector<HttpHeader> headers;
  std::string body;
  bool streaming = false;  // the answer is a text/event-stream
  // The transport's limits for this request (from ClientOptions): TCP + TLS handshake, and the
  // longest silence once the request is sent, the wait for the response head included. A
  // transport that cannot time the handshake alone (fetch) applies read_timeout_ms from the start.
  std::int64_t connect_timeout_ms = 0;
  std::int64_t read_timeout_ms = 0;
  // The largest whole response body the core reads (JsonLimits::max_bytes): a transport that
  // collects a body stops past it with TransferFailure::kTooLarge, before it fills memory. (A
  // stream's body is unbounded; its lines and events have the SSE limits.)
  std::int64_t max_response_bytes = 0;
};

// How a transfer failed, in the words every transport reports it. The core, not the transport,
// turns it into the error (one message on every target; the transport's own text goes along as
// the error's cause) and decides what happens next (StreamSession::on_fail).
enum class TransferFailure : std::uint8_t {
  kConnect,      // no connection: refused, unreachable, DNS, TLS, connect timeout
  kReadTimeout,  // silence for read_timeout_ms (no response head, or no body bytes)
  kDropped,      // the connection broke after the request went out
  kTooLarge,     // the response body exceeds the size limit
  kLocal,        // ended on the client's side (engine shut down, consumer too slow): detail as given
};

// "connect" | "read-timeout" | "dropped" | "too-large" | "local" (the names bindings pass);
// InvalidInput for anything else.
TransferFailure parse_transfer_failure(std::string_view name);

// The error of a failed transfer of `request`: TransportError (ProtocolError for kTooLarge).
[[noreturn]] void throw_transfer_failure(const HttpRequest& request, TransferFailure kind, std::string_view detail);

struct ClientOptions {
  std::optional<std::string> bearer_token;  // Authorization: Bearer <token>
  std::optional<std::string> api_key;       // <api_key_header>: <api_key>
  std::string api_key_header = "X-API-Key";
  std::vector<HttpHeader> headers;  // sent with every request, after the ones above
  // https origins ("https://host:port", url_origin form) besides the card's own that may receive
  // the credentials above; see origin.hpp.
  std::vector<std::string> credential_origins;
  // Trust: a JWKS ({"keys": [...]}) or a single JWK, as JSON text; "" = no trusted keys.
  std::string trusted_keys_json;
  // An unsigned or unverifiable card is CardSignatureInvalid when this is true. Unset, it is true
  // exactly when trusted keys are given: a caller who pins keys is never handed a stripped card
  // unless they opt out with an explicit false.
  std::optional<bool> require_signature;
  std::optional<ProtocolVersion> protocol_version;  // force a version instead of the card's
  int max_resubscribes = 3;                         // per stream, after a dropped connection
  std::int64_t connect_timeout_ms = 10'000;         // see HttpRequest
  std::int64_t read_timeout_ms = 60'000;
  JsonLimits json_limits;
  SseLimits sse_limits;

  [[nodiscard]] bool signature_required() const noexcept {
    return a2a::signature_required(require_signature, trusted_keys_json);
  }
  // "bearer token, API key, headers": the kinds of credentials set ("" when none).
  [[nodiscard]] std::string credential_names() const;
  // The auth headers every request carries (bearer, API key, custom headers), in sending order.
  [[nodiscard]] std::vector<HttpHeader> auth_headers() const;
};

// Whether an HTTP status is a redirect. No target follows redirects (libcurl is not told to,
// fetch uses redirect: "manual"): the answer is a TransportError from the core, before any request
// (with the caller's credentials) goes to the place the redirect names.
constexpr bool is_redirect(int status) noexcept {
  return status >= 300 && status <= 399 && status != 304;
}

// ---- Discovery ------------------------------------------------------------------------------------

// Where to look for the card of an agent at `base_url`: "<base>/.well-known/agent-card.json" (A2A
// 1.0 and 0.3.x) then "<base>/.well-known/agent.json" (older 0.x servers). A URL that already ends
// in ".json" is taken as the card itself. TransportError for something that is not an http(s) URL.
std::vector<std::string> agent_card_urls(std::string_view base_url);

// GET <card_url> with the auth headers, plus If-None-Match / If-Modified-Since from `validators`.
HttpRequest card_request(std::string_view card_url, const ClientOptions& options,
                         const std::vector<HttpHeader>& validators = {});

// An HTTP cache of agent cards keyed by URL and credentials (card_cache_key; RFC 9111 subset: Cache-Control max-age /
// no-store / no-cache / must-revalidate, Expires ignored, ETag / Last-Modified revalidation with 304). Time is passed
// in (milliseconds on any monotonic clock), so the cache does no I/O and is testable.
class CardCache {
 public:
  // Cards fetched with different credentials may differ (an agent may show more to an
  // authenticated caller), so an entry belongs to a URL and to the digest of the auth headers sent
  // with it ("" = none): clients with other credentials never see each other's cards.
  static std::string credentials_digest(const ClientOptions& options);

  // The cached body if it is still fresh at `now_ms`.
  [[nodiscard]] std::optional<std::string> fresh(std::string_view url, std::int64_t now_ms,
                                                 std::string_view credentials = {}) const;
  // Validators for a conditional GET of a stale entry (empty when nothing is cached).
  [[nodiscard]] std::vector<HttpHeader> validators(std::string_view url, std::string_view credentials = {}) const;
  // Records a response to card_request: 200 stores the body (unless no-store) and returns it; 304
  // refreshes the stored entry and returns its body; other statuses throw TransportError.
  // `headers` are the response headers (names compared case-insensitively).
  std::string update(std::string_view url, int status, const std::vector<HttpHeader>& headers, std::string_view body,
                     std::int64_t now_ms, std::string_view credentials = {});
  void clear() noexcept { entries_.clear(); }

 private:
  struct Entry {
    std::string body;
    std::string etag;
    std::string last_modified;
    std::int64_t expires_at_ms = 0;
  };
  static std::string entry_key(std::string_view url, std::string_view credentials);
  std::map<std::string, Entry, std::less<>> entries_;
};

// Finding an agent's card through a CardCache, the same way on every target: a card still fresh in
// the cache for one of agent_card_urls(base_url), else a GET of each URL in order (a 404 moves on to
// the next one), every answer recorded with CardCache::update (which throws TransportError for a
// final non-2xx status). Drive it: while (!done()) { send request(); on_response(...); }.
class CardDiscovery {
 public:
  CardDiscovery(CardCache& cache, std::string_view base_url, ClientOptions options, std::int64_t now_ms);

  [[nodiscard]] bool done() const noexcept { return found_; }
  [[nodiscard]] const HttpRequest& request() const noexcept { return request_; }  // the next GET, while !done()
  void on_response(int status, const std::vector<HttpHeader>& headers, std::string_view body, std::int64_t now_ms);
  // The GET of request() failed: throws the core's error (throw_transfer_failure).
  [[noreturn]] void on_fail(TransferFailure kind, std::string_view detail) const {
    throw_transfer_failure(request_, kind, detail);
  }
  [[nodiscard]] const std::string& card_url() const noexcept { return card_url_; }
  [[nodiscard]] const std::string& card_json() const noexcept { return card_json_; }

 private:
  void prepare_request();
  CardCache* cache_;
  ClientOptions options_;
  std::vector<std::string> urls_;
  std::string credentials_;  // CardCache::credentials_digest(options_)
  std::size_t next_ = 0;     // index in urls_ of request_
  bool found_ = false;
  std::string card_url_;
  std::string card_json_;
  HttpRequest request_;
};

// ---- Calls ------------------------------------------------------------------------------------------

// One JSON-RPC call = one HTTP request.
struct Call {
  boost::json::value id;  // the JSON-RPC request id
  Method method = Method::kSendMessage;
  HttpRequest request;
};

class StreamSession;

// A connected client (thread-safe; not movable: stream sessions point at it): a parsed (and, per the options, verified)
// agent card, its JSON-RPC endpoint and the protocol version spoken there.
class Client {
 public:
  // `card_json`: the body fetched from `card_url`. Parses strictly, verifies the signatures as
  // the options ask (CardSignatureInvalid), picks the endpoint (ProtocolError if there is no
  // JSON-RPC interface with version 1.0 or 0.3) and resolves a relative endpoint URL.
  Client(std::string_view card_json, std::string_view card_url, ClientOptions options);

  [[nodiscard]] const AgentCard& card() const noexcept { return card_; }
  [[nodiscard]] const boost::json::value& card_value() const noexcept { return card_value_; }
  [[nodiscard]] const Endpoint& endpoint() const noexcept { return endpoint_; }
  [[nodiscard]] ProtocolVersion version() const noexcept { return endpoint_.version; }
  [[nodiscard]] bool card_verified() const noexcept { return card_verified_; }
  [[nodiscard]] const std::string& card_key_id() const noexcept { return card_key_id_; }
  [[nodiscard]] const ClientOptions& options() const noexcept { return options_; }

  // A call of any method with params already in the wire form of version().
  Call prepare(Method method, std::optional<boost::json::object> params);

  // Typed calls. `message` may come without messageId (one is generated) and in either version's
  // spelling; it is written in the version spoken.
  Call send_message(Message message, const std::optional<SendConfiguration>& configuration = std::nullopt,
                    const std::optional<boost::json::object>& metadata = std::nullopt);
  Call get_task(std::string_view task_id, std::optional<std::int64_t> history_length = std::nullopt);
  Call list_tasks(const ListTasksQuery& query);
  Call cancel_task(std::string_view task_id);

  // Streaming calls (SendStreamingMessage, SubscribeToTask).
  StreamSession stream_message(Message message, const std::optional<SendConfiguration>& configuration = std::nullopt,
                               const std::optional<boost::json::object>& metadata = std::nullopt);
  StreamSession subscribe(std::string_view task_id);

  // Reads the answer to a non-streaming call: a non-2xx status without a JSON-RPC error body is a
  // TransportError naming the status; then check_response (ProtocolError / JsonRpcError).
  // Returns the JSON-RPC `result`.
  boost::json::value finish(const Call& call, int status, std::string_view content_type, std::string_view body) const;

  // Gives a message without messageId a fresh one.
  void ensure_message_id(Message& message);

 private:
  friend class StreamSession;
  HttpRequest post(const boost::json::object& body, bool streaming) const;

  ClientOptions options_;
  boost::json::value card_value_;
  AgentCard card_;
  Endpoint endpoint_;
  bool card_verified_ = false;
  std::string card_key_id_;
  std::mutex ids_mutex_;  // calls may be prepared from several threads (Python's sync API)
  IdGenerator ids_;
};

// ---- Events ------------------------------------------------------------------------------------

enum class EventKind : std::uint8_t { kTask, kMessage, kStatusUpdate, kArtifactUpdate };

// "task" | "message" | "status-update" | "artifact-update".
std::string_view event_kind_name(EventKind kind) noexcept;

// One Task / Message / status or artifact update, in one shape for both protocol versions, as the
// bindings hand it over (built once here; no binding re-parses JSON per event):
//   kind; task_id and context_id when known; state (task and status update); text: all text
//   parts joined (message parts, status message parts or artifact parts); final: true when this
//   event ends the stream; value(): the object in A2A 1.0 ProtoJSON form (unknown members kept).
// value() is built on demand from the parsed response: most consumers read the summary only.
struct Event {
  EventKind kind = EventKind::kTask;
  std::optional<std::string> task_id;
  std::optional<std::string> context_id;
  std::optional<TaskState> state;
  std::string text;
  bool final = false;
  StreamResponse response;

  // The state's short name ("working", "input-required", ...), or nullopt.
  [[nodiscard]] std::optional<std::string_view> state_name() const noexcept;
  [[nodiscard]] boost::json::object value() const;
};

Event make_event(StreamResponse response, bool final);

// An event as JSON (for tests and logs):
//   {"kind", "taskId": "..." | null, "contextId": "..." | null, "state": "working" | ... | null,
//    "text", "final", "value"}
boost::json::object event_view(const Event& event);

// Whether `response` ends a stream: a Message, a Task or status update in a terminal or
// interrupted state (input-required, auth-required), or a 0.3 status update with final=true.
bool ends_stream(const StreamResponse& response) noexcept;

// The result of a non-streaming call as bindings receive it: SendMessage, GetTask, CancelTask ->
// one event; ListTasks -> a page of events; anything else -> the result as sent.
struct TaskPage {
  std::vector<Event> tasks;
  std::optional<std::string> next_page_token;
  std::optional<std::int64_t> page_size;
  std::optional<std::int64_t> total_size;
};
using CallResult = std::variant<Event, TaskPage, boost::json::value>;
CallResult call_result(Method method, const boost::json::value& result);

// ---- Streams -------------------------------------------------------------------------------------

// One logical stream of events, possibly over several HTTP requests: when a connection drops
// before the task ends, the session resubscribes (SubscribeToTask, with Last-Event-ID) up to
// options.max_resubscribes times.
//
// Driving it: send request(); call on_head() with the response status and content type, on_data()
// with each chunk (it returns the new events; stop reading once done()), then on_end() when
// the response ends or on_fail() when the transfer fails. Both return true when the stream is
// complete; false means request() now holds a resubscribe request to send the same way. Errors
// are thrown (TransportError, ProtocolError, JsonRpcError).
class StreamSession {
 public:
  [[nodiscard]] const HttpRequest& request() const noexcept { return call_.request; }
  [[nodiscard]] const Call& call() const noexcept { return call_; }
  [[nodiscard]] bool done() const noexcept { return done_; }
  [[nodiscard]] const std::string& task_id() const noexcept { return task_id_; }
  [[nodiscard]] int resubscribes() const noexcept { return resubscribes_; }

  void on_head(int status, std::string_view content_type);
  std::vector<Event> on_data(std::string_view chunk);
  // The response ended cleanly (EOF). True: the stream is complete; false: request() now holds a
  // resubscribe request. Throws when the stream cannot go on.
  bool on_end();
  // The transfer failed. The policy, the same on every target: a read timeout is never retried;
  // a first request that fails before any response is the transfer's error; anything else (a
  // connection that broke mid-stream, a resubscribe that could not connect) resubscribes while
  // the task id is known and attempts are left (true / false / throws as for on_end).
  bool on_fail(TransferFailure kind, std::string_view detail = {});

 private:
  friend class Client;
  StreamSession(Client& client, Call call);
  void begin_request();
  [[noreturn]] void fail_body() const;
  bool resubscribe_or_throw(const std::string& why);

  Client* client_;
  Call call_;
  SseParser parser_;
  int status_ = 0;
  bool sse_ = false;     // the current response is text/event-stream
  std::string body_;     // a non-SSE response body (a JSON-RPC error, most likely)
  std::string task_id_;  // the task the stream belongs to, once known
  bool done_ = false;
  int resubscribes_ = 0;
  std::size_t events_ = 0;
};

}  // namespace ruvector::a2a
