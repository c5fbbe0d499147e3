#include "ruvector/a2a/client_core.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <charconv>
#include <utility>
#include <variant>

#include "ruvector/a2a/card_verify.hpp"
#include "ruvector/a2a/origin.hpp"
#include "ruvector/core/ascii.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/timeout_text.hpp"
#include "ruvector/crypto/base64url.hpp"
#include "ruvector/crypto/crypto.hpp"

namespace ruvector::a2a {

namespace json = boost::json;

namespace {

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view header_value(const std::vector<HttpHeader>& headers, std::string_view name) noexcept {
  for (const HttpHeader& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return {};
}

// "text/event-stream; charset=utf-8" -> "text/event-stream" (lower-case).
std::string media_type(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  return ascii_lower(trim(content_type.substr(0, semi)));
}

bool is_http_url(std::string_view url) noexcept {
  return url.starts_with("http://") || url.starts_with("https://");
}

// "https://host:port/path" -> "https://host:port".
std::string_view origin_of(std::string_view url) noexcept {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return url;
  const std::size_t path = url.find('/', scheme_end + 3);
  return path == std::string_view::npos ? url : url.substr(0, path);
}

std::string resolve_url(std::string_view url, std::string_view base) {
  if (is_http_url(url)) return std::string(url);
  if (url.starts_with('/')) return std::string(origin_of(base)) + std::string(url);
  throw_error(ErrorCode::kProtocolError,
              "agent card endpoint \"" + std::string(url.substr(0, 200)) + "\" is not an http(s) URL");
}

std::string snippet(std::string_view body) {
  constexpr std::size_t kMax = 200;
  std::string out(body.substr(0, kMax));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (body.size() > kMax) out += "...";
  return out;
}

std::string_view status_text(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

[[noreturn]] void http_status_error(int status, std::string_view url, std::string_view body) {
  if (is_redirect(status)) {
    // No code in the message: a browser's fetch (redirect: "manual") hides it, and every target
    // must say the same thing.
    throw_error(ErrorCode::kTransportError, "HTTP redirect from " + std::string(url) +
                                                " not followed: requests (and credentials) go only where the "
                                                "agent card says");
  }
  std::string message = "HTTP " + std::to_string(status);
  const std::string_view text = status_text(status);
  if (!text.empty()) message += " " + std::string(text);
  message += " from " + std::string(url);
  if (!body.empty()) message += ": " + snippet(body);
  throw_error(ErrorCode::kTransportError, message);
}

// Cache-Control directives we act on.
struct CacheControl {
  bool no_store = false;
  bool no_cache = false;
  std::optional<std::int64_t> max_age_s;
};

CacheControl parse_cache_control(std::string_view value) {
  CacheControl cc;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    const std::string_view item = trim(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    const std::size_t eq = item.find('=');
    const std::string_view name = trim(item.substr(0, eq));
    std::string_view arg = eq == std::string_view::npos ? std::string_view{} : trim(item.substr(eq + 1));
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') arg = arg.substr(1, arg.size() - 2);
    if (iequals(name, "no-store")) {
      cc.no_store = true;
    } else if (iequals(name, "no-cache") || iequals(name, "must-revalidate")) {
      cc.no_cache = iequals(name, "no-cache") || cc.no_cache;
    } else if (iequals(name, "max-age") || iequals(name, "s-maxage")) {
      std::int64_t seconds = 0;
      const auto [end, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), seconds);
      if (ec == std::errc{} && end == arg.data() + arg.size() && seconds >= 0 && iequals(name, "max-age")) {
        cc.max_age_s = std::min<std::int64_t>(seconds, std::int64_t{2147483647});
      }
    }
  }
  return cc;
}

const char* const kJsonRpcContentType = "application/json";

}  // namespace

// ---- transfer failures ---------------------------------------------------------------------------

TransferFailure parse_transfer_failure(std::string_view name) {
  if (name == "connect") return TransferFailure::kConnect;
  if (name == "read-timeout") return TransferFailure::kReadTimeout;
  if (name == "dropped") return TransferFailure::kDropped;
  if (name == "too-large") return TransferFailure::kTooLarge;
  if (name == "local") return TransferFailure::kLocal;
  throw_error(
      ErrorCode::kInvalidInput,
      "transfer failure must be connect, read-timeout, dropped, too-large or local, got \"" + snippet(name) + "\"");
}

void throw_transfer_failure(const HttpRequest& request, TransferFailure kind, std::string_view detail) {
  switch (kind) {
    case TransferFailure::kConnect: throw_error(ErrorCode::kTransportError, "cannot connect to " + request.url);
    case TransferFailure::kReadTimeout:
      throw_error(ErrorCode::kTransportError, read_timeout_message(request.url, request.read_timeout_ms));
    case TransferFailure::kDropped:
      throw_error(ErrorCode::kTransportError, "connection to " + request.url + " broke before the response ended");
    case TransferFailure::kTooLarge:
      throw_error(ErrorCode::kProtocolError, "response body from " + request.url + " is larger than " +
                                                 std::to_string(JsonLimits{}.max_bytes) + " bytes");
    case TransferFailure::kLocal: break;
  }
  throw_error(ErrorCode::kTransportError,
              detail.empty() ? "request to " + request.url + " ended on the client's side" : std::string(detail));
}

// ---- discovery --------------------------------------------------------------------------------------

std::vector<std::string> agent_card_urls(std::string_view base_url) {
  if (!is_http_url(base_url)) {
    throw_error(ErrorCode::kTransportError,
                "agent URL \"" + snippet(base_url) + "\" is not an http:// or https:// URL");
  }
  if (base_url.ends_with(".json")) return {std::string(base_url)};
  std::string base(base_url);
  while (base.ends_with('/')) base.pop_back();
  return {base + "/.well-known/agent-card.json", base + "/.well-known/agent.json"};
}

std::vector<HttpHeader> ClientOptions::auth_headers() const {
  std::vector<HttpHeader> out;
  if (bearer_token) out.push_back({"Authorization", "Bearer " + *bearer_token});
  if (api_key) out.push_back({api_key_header, *api_key});
  out.insert(out.end(), headers.begin(), headers.end());
  return out;
}

std::string ClientOptions::credential_names() const {
  std::string out;
  const auto add = [&](const char* name) { out += (out.empty() ? "" : ", ") + std::string(name); };
  if (bearer_token) add("bearer token");
  if (api_key) add("API key");
  if (!headers.empty()) add("custom headers");
  return out;
}

namespace {
void add_auth_headers(std::vector<HttpHeader>& headers, const ClientOptions& options) {
  const std::vector<HttpHeader> auth = options.auth_headers();
  headers.insert(headers.end(), auth.begin(), auth.end());
}
}  // namespace

HttpRequest card_request(std::string_view card_url, const ClientOptions& options,
                         const std::vector<HttpHeader>& validators) {
  HttpRequest r;
  r.method = "GET";
  r.url = std::string(card_url);
  r.headers.push_back({"Accept", "application/json"});
  r.connect_timeout_ms = options.connect_timeout_ms;
  r.read_timeout_ms = options.read_timeout_ms;
  r.max_response_bytes = static_cast<std::int64_t>(options.json_limits.max_bytes);
  add_auth_headers(r.headers, options);
  r.headers.insert(r.headers.end(), validators.begin(), validators.end());
  return r;
}

std::string CardCache::credentials_digest(const ClientOptions& options) {
  const std::vector<HttpHeader> auth = options.auth_headers();
  if (auth.empty()) return {};
  std::string lines;
  for (const HttpHeader& h : auth) {
    lines += h.name;
    lines += '\0';
    lines += h.value;
    lines += '\0';
  }
  const crypto::Sha256Digest digest = crypto::sha256(crypto::as_bytes(lines));
  return crypto::base64url_encode(digest);
}

std::string CardCache::entry_key(std::string_view url, std::string_view credentials) {
  return std::string(credentials) + ' ' + std::string(url);  // a digest has no space; a URL starts with http
}

std::optional<std::string> CardCache::fresh(std::string_view url, std::int64_t now_ms,
                                            std::string_view credentials) const {
  const auto it = entries_.find(entry_key(url, credentials));
  if (it == entries_.end() || now_ms >= it->second.expires_at_ms) return std::nullopt;
  return it->second.body;
}

std::vector<HttpHeader> CardCache::validators(std::string_view url, std::string_view credentials) const {
  std::vector<HttpHeader> out;
  const auto it = entries_.find(entry_key(url, credentials));
  if (it == entries_.end()) return out;
  if (!it->second.etag.empty()) out.push_back({"If-None-Match", it->second.etag});
  if (!it->second.last_modified.empty()) out.push_back({"If-Modified-Since", it->second.last_modified});
  return out;
}

std::string CardCache::update(std::string_view url, int status, const std::vector<HttpHeader>& headers,
                              std::string_view body, std::int64_t now_ms, std::string_view credentials) {
  const std::string key = entry_key(url, credentials);
  const CacheControl cc = parse_cache_control(header_value(headers, "Cache-Control"));
  const auto expiry = [&] {
    if (cc.no_cache || !cc.max_age_s) return now_ms;  // stored for revalidation only
    return now_ms + *cc.max_age_s * 1000;
  };
  if (status == 304) {
    const auto it = entries_.find(key);
    if (it == entries_.end()) {
      throw_error(ErrorCode::kTransportError,
                  "HTTP 304 Not Modified from " + std::string(url) + " for a card that is not cached");
    }
    it->second.expires_at_ms = expiry();
    const std::string_view etag = header_value(headers, "ETag");
    if (!etag.empty()) it->second.etag = std::string(etag);
    return it->second.body;
  }
  if (status < 200 || status > 299) http_status_error(status, url, body);
  if (cc.no_store) {
    entries_.erase(key);
  } else {
    Entry& e = entries_[key];
    e.body = std::string(body);
    e.etag = std::string(header_value(headers, "ETag"));
    e.last_modified = std::string(header_value(headers, "Last-Modified"));
    e.expires_at_ms = expiry();
  }
  return std::string(body);
}

CardDiscovery::CardDiscovery(CardCache& cache, std::string_view base_url, ClientOptions options, std::int64_t now_ms)
    : cache_(&cache),
      options_(std::move(options)),
      urls_(agent_card_urls(base_url)),
      credentials_(CardCache::credentials_digest(options_)) {
  for (const std::string& url : urls_) {
    if (std::optional<std::string> body = cache_->fresh(url, now_ms, credentials_)) {
      card_url_ = url;
      card_json_ = std::move(*body);
      found_ = true;
      return;
    }
  }
  prepare_request();
}

void CardDiscovery::prepare_request() {
  request_ = card_request(urls_[next_], options_, cache_->validators(urls_[next_], credentials_));
}

void CardDiscovery::on_response(int status, const std::vector<HttpHeader>& headers, std::string_view body,
                                std::int64_t now_ms) {
  if (found_) throw_error(ErrorCode::kInvalidInput, "the agent card was already found");
  if (status == 404 && next_ + 1 < urls_.size()) {  // agent-card.json first; older servers have agent.json
    ++next_;
    prepare_request();
    return;
  }
  card_json_ = cache_->update(urls_[next_], status, headers, body, now_ms, credentials_);
  card_url_ = urls_[next_];
  found_ = true;
}

// ---- client -------------------------------------------------------------------------------------------

Client::Client(std::string_view card_json, std::string_view card_url, ClientOptions options)
    : options_(std::move(options)),
      card_value_(parse_json(card_json, "agent card", options_.json_limits)),
      card_(parse_agent_card(card_value_)),
      ids_(IdGenerator::random_seed()) {
  const CardVerification verification =
      verify_agent_card(card_value_, Jwks::parse(options_.trusted_keys_json), options_.signature_required());
  card_verified_ = verification.verified;
  card_key_id_ = verification.kid;
  endpoint_ = select_jsonrpc_endpoint(card_);
  if (options_.protocol_version) endpoint_.version = *options_.protocol_version;
  endpoint_.url = resolve_url(endpoint_.url, card_url);
  check_credential_target(endpoint_.url, card_url, options_.credential_origins, options_.credential_names());
}

HttpRequest Client::post(const json::object& body, bool streaming) const {
  HttpRequest r;
  r.method = "POST";
  r.url = endpoint_.url;
  r.streaming = streaming;
  r.connect_timeout_ms = options_.connect_timeout_ms;
  r.read_timeout_ms = options_.read_timeout_ms;
  r.max_response_bytes = static_cast<std::int64_t>(options_.json_limits.max_bytes);
  r.headers.push_back({"Content-Type", kJsonRpcContentType});
  r.headers.push_back({"Accept", streaming ? "text/event-stream" : kJsonRpcContentType});
  if (endpoint_.version == ProtocolVersion::kV1_0) {
    r.headers.push_back({"A2A-Version", std::string(version_string(endpoint_.version))});
  }
  add_auth_headers(r.headers, options_);
  r.body = json::serialize(body);
  return r;
}

Call Client::prepare(Method method, std::optional<json::object> params) {
  if (endpoint_.tenant && params && !params->contains("tenant")) (*params)["tenant"] = *endpoint_.tenant;
  Call call;
  {
    const std::scoped_lock lock(ids_mutex_);
    call.id = ids_.next_request_id();
  }
  call.method = method;
  call.request = post(make_request(call.id, method, endpoint_.version, std::move(params)), is_streaming(method));
  return call;
}

void Client::ensure_message_id(Message& message) {
  if (message.message_id.empty()) {
    const std::scoped_lock lock(ids_mutex_);
    message.message_id = ids_.uuid4();
  }
}

Call Client::send_message(Message message, const std::optional<SendConfiguration>& configuration,
                          const std::optional<json::object>& metadata) {
  ensure_message_id(message);
  return prepare(Method::kSendMessage, send_message_params(message, version(), configuration, metadata));
}

Call Client::get_task(std::string_view task_id, std::optional<std::int64_t> history_length) {
  return prepare(Method::kGetTask, get_task_params(task_id, history_length));
}

Call Client::list_tasks(const ListTasksQuery& query) {
  return prepare(Method::kListTasks, list_tasks_params(query));
}

Call Client::cancel_task(std::string_view task_id) {
  return prepare(Method::kCancelTask, task_id_params(task_id));
}

StreamSession Client::stream_message(Message message, const std::optional<SendConfiguration>& configuration,
                                     const std::optional<json::object>& metadata) {
  ensure_message_id(message);
  return {*this,
          prepare(Method::kSendStreamingMessage, send_message_params(message, version(), configuration, metadata))};
}

StreamSession Client::subscribe(std::string_view task_id) {
  StreamSession session(*this, prepare(Method::kSubscribeToTask, task_id_params(task_id)));
  session.task_id_ = std::string(task_id);
  return session;
}

json::value Client::finish(const Call& call, int status, std::string_view content_type, std::string_view body) const {
  const bool json_body = media_type(content_type) == kJsonRpcContentType || media_type(content_type).ends_with("+json");
  if (status < 200 || status > 299) {
    // Servers answer JSON-RPC errors with 200, but some use 4xx/5xx with a JSON-RPC error body:
    // surface that error rather than the bare status.
    if (json_body) {
      std::optional<json::value> parsed;
      try {
        parsed = parse_json(body, "response body", options_.json_limits);
      } catch (const Error&) {
        parsed.reset();  // not JSON after all: the HTTP status below is the error to report
      }
      const json::object* o = parsed && parsed->is_object() ? &parsed->as_object() : nullptr;
      const json::value* version = o != nullptr ? o->if_contains("jsonrpc") : nullptr;
      if (o != nullptr && o->contains("error") && version != nullptr && *version == "2.0") {
        (void)check_response(*parsed, o->contains("id") ? o->at("id") : call.id);
      }
    }
    http_status_error(status, call.request.url, body);
  }
  const json::value response = parse_json(body, "JSON-RPC response", options_.json_limits);
  return check_response(response, call.id);
}

// ---- views --------------------------------------------------------------------------------------------

namespace {

std::string joined_text(const std::vector<Part>& parts) {
  std::string out;
  for (const Part& p : parts) {
    if (p.kind == Part::Kind::kText) out += p.text;
  }
  return out;
}

json::value opt(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

}  // namespace

bool ends_stream(const StreamResponse& response) noexcept {
  switch (response.payload.index()) {
    case 0: {
      const TaskState s = std::get<Task>(response.payload).status.state;
      return is_terminal(s) || is_interrupted(s);
    }
    case 1: return true;
    case 2: {
      const auto& e = std::get<TaskStatusUpdateEvent>(response.payload);
      return e.is_final.value_or(false) || is_terminal(e.status.state) || is_interrupted(e.status.state);
    }
    default: return false;
  }
}

std::string_view event_kind_name(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::kTask: return "task";
    case EventKind::kMessage: return "message";
    case EventKind::kStatusUpdate: return "status-update";
    case EventKind::kArtifactUpdate: return "artifact-update";
  }
  return "task";
}

std::optional<std::string_view> Event::state_name() const noexcept {
  if (!state) return std::nullopt;
  return task_state_name(*state, ProtocolVersion::kV0_3);
}

json::object Event::value() const {
  return std::visit([](const auto& payload) { return to_json(payload, ProtocolVersion::kV1_0); }, response.payload);
}

namespace {

// The state of a task status and the text of its message, if it carries one.
void summarize_status(Event& e, const TaskStatus& status) {
  e.state = status.state;
  if (status.message) e.text = joined_text(status.message->parts);
}

void summarize(Event& e, const Task& t) {
  e.kind = EventKind::kTask;
  e.task_id = t.id;
  e.context_id = t.context_id;
  summarize_status(e, t.status);
  if (t.artifacts) {
    for (const Artifact& a : *t.artifacts) e.text += joined_text(a.parts);
  }
}

void summarize(Event& e, const Message& m) {
  e.kind = EventKind::kMessage;
  e.task_id = m.task_id;
  e.context_id = m.context_id;
  e.text = joined_text(m.parts);
}

void summarize(Event& e, const TaskStatusUpdateEvent& u) {
  e.kind = EventKind::kStatusUpdate;
  e.task_id = u.task_id;
  e.context_id = u.context_id;
  summarize_status(e, u.status);
}

void summarize(Event& e, const TaskArtifactUpdateEvent& u) {
  e.kind = EventKind::kArtifactUpdate;
  e.task_id = u.task_id;
  e.context_id = u.context_id;
  e.text = joined_text(u.artifact.parts);
}

}  // namespace

Event make_event(StreamResponse response, bool final) {
  Event e;
  e.final = final;
  std::visit([&e](const auto& payload) { summarize(e, payload); }, response.payload);
  e.response = std::move(response);
  return e;
}

json::object event_view(const Event& event) {
  json::object v;
  v["kind"] = event_kind_name(event.kind);
  v["taskId"] = opt(event.task_id);
  v["contextId"] = opt(event.context_id);
  const auto state = event.state_name();
  v["state"] = state ? json::value(*state) : json::value(nullptr);
  v["text"] = event.text;
  v["final"] = event.final;
  v["value"] = event.value();
  return v;
}

CallResult call_result(Method method, const json::value& result) {
  switch (method) {
    case Method::kSendMessage: return make_event(parse_send_message_result(result), true);
    case Method::kGetTask:
    case Method::kCancelTask: {
      StreamResponse r{parse_task(result, "result"), {}};
      const bool final = ends_stream(r);
      return make_event(std::move(r), final);
    }
    case Method::kListTasks: {
      ListTasksResult list = parse_list_tasks_result(result);
      TaskPage page;
      page.tasks.reserve(list.tasks.size());
      for (Task& t : list.tasks) {
        StreamResponse r{std::move(t), {}};
        const bool final = ends_stream(r);
        page.tasks.push_back(make_event(std::move(r), final));
      }
      page.next_page_token = std::move(list.next_page_token);
      page.page_size = list.page_size;
      page.total_size = list.total_size;
      return page;
    }
    default: return result;
  }
}

// ---- streams -----------------------------------------------------------------------------------------

StreamSession::StreamSession(Client& client, Call call)
    : client_(&client), call_(std::move(call)), parser_(client.options_.sse_limits) {}

void StreamSession::begin_request() {
  status_ = 0;
  sse_ = false;
  body_.clear();
}

void StreamSession::on_head(int status, std::string_view content_type) {
  begin_request();
  status_ = status;
  sse_ = status >= 200 && status <= 299 && media_type(content_type) == "text/event-stream";
}

std::vector<Event> StreamSession::on_data(std::string_view chunk) {
  std::vector<Event> out;
  if (done_) return out;
  if (!sse_) {
    // Not an event stream: keep (a bounded prefix of) the body for the error message.
    if (body_.size() < client_->options_.json_limits.max_bytes) body_.append(chunk);
    return out;
  }
  for (const SseEvent& event : parser_.feed(chunk)) {
    if (done_) break;                  // nothing after the end of the task counts
    if (event.data.empty()) continue;  // keep-alive
    const std::string where = "stream event " + std::to_string(events_ + 1);
    const json::value response = parse_json(event.data, where, client_->options_.json_limits);
    const json::value& result = check_response(response, call_.id);
    StreamResponse r = parse_stream_response(result);
    ++events_;
    if (task_id_.empty()) task_id_ = r.task_id();
    done_ = ends_stream(r);
    out.push_back(make_event(std::move(r), done_));
  }
  return out;
}

void StreamSession::fail_body() const {
  if (status_ >= 200 && status_ <= 299) {
    // 200 with a JSON body: a JSON-RPC error (or a non-streaming answer) instead of a stream.
    const json::value response = parse_json(body_, "JSON-RPC response", client_->options_.json_limits);
    (void)check_response(response, call_.id);
    throw_error(ErrorCode::kProtocolError, "expected a text/event-stream from " + call_.request.url +
                                               ", got a JSON-RPC result: " + snippet(body_));
  }
  (void)client_->finish(call_, status_, "application/json", body_);
  http_status_error(status_, call_.request.url, body_);  // finish() always throws for non-2xx
}

bool StreamSession::on_end() {
  if (done_) return true;
  if (!sse_ && status_ != 0) fail_body();
  return resubscribe_or_throw(parser_.mid_event() ? "the stream was cut in the middle of an event"
                                                  : "the stream ended before the task finished");
}

bool StreamSession::on_fail(TransferFailure kind, std::string_view detail) {
  if (done_) return true;
  const bool retryable = kind == TransferFailure::kConnect || kind == TransferFailure::kDropped;
  // Before any answer on the first request there is nothing to resume: the transfer's own error.
  if (!retryable || (status_ == 0 && resubscribes_ == 0 && task_id_.empty())) {
    throw_transfer_failure(call_.request, kind, detail);
  }
  // Say what the core saw: transports differ on whether a cut chunked body is an error or an EOF.
  if (parser_.mid_event()) return resubscribe_or_throw("the stream was cut in the middle of an event");
  return resubscribe_or_throw(kind == TransferFailure::kConnect ? "cannot connect to " + call_.request.url
                                                                : "the connection broke");
}

bool StreamSession::resubscribe_or_throw(const std::string& why) {
  if (!task_id_.empty() && resubscribes_ < client_->options_.max_resubscribes) {
    const std::string last_event_id = parser_.last_event_id();
    parser_ = SseParser(client_->options_.sse_limits);
    ++resubscribes_;
    call_ = client_->prepare(Method::kSubscribeToTask, task_id_params(task_id_));
    if (!last_event_id.empty()) call_.request.headers.push_back({"Last-Event-ID", last_event_id});
    begin_request();
    return false;
  }
  std::string message = "A2A stream from " + call_.request.url + " ended early: " + why;
  if (resubscribes_ > 0) message += " (after " + std::to_string(resubscribes_) + " resubscribe attempts)";
  if (task_id_.empty()) message += " (no task id was received, so it cannot be resumed)";
  throw_error(ErrorCode::kTransportError, message);
}

}  // namespace ruvector::a2a
