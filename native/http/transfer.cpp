#include "transfer.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <string_view>
#include <system_error>
#include <utility>

#include "ruvector/core/ascii.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/timeout_text.hpp"
#include "ruvector/core/version.hpp"

namespace ruvector::http::detail {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw_error(ErrorCode::kInvalidInput, message);
}

// RFC 9110 token: the characters allowed in a method or a header name.
bool is_token(std::string_view s) {
  constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || kExtra.find(c) != std::string_view::npos;
  });
}

bool has_line_break_or_nul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// CURLOPT_USERAGENT keeps the pointer, so the string must outlive every transfer.
const std::string& user_agent() {
  static const std::string agent = "ruvector/" + std::string(version());
  return agent;
}

void check_url(const std::string& url) {
  if (url.find('\0') != std::string::npos) invalid("URL contains a NUL byte");
  const std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> parsed(curl_url(), &curl_url_cleanup);
  if (!parsed) throw_error(ErrorCode::kTransportError, "out of memory parsing URL '" + display_url(url) + "'");
  // NON_SUPPORT_SCHEME: libcurl is built HTTP-only, so without it an ftp:// URL would fail here with
  // "Unsupported URL scheme" instead of the check below, which names the schemes we take.
  if (const CURLUcode rc = curl_url_set(parsed.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME);
      rc != CURLUE_OK)
    invalid("invalid URL '" + display_url(url) + "': " + curl_url_strerror(rc));
  char* scheme = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) invalid("URL '" + url + "' has no scheme");
  const std::string name = ascii_lower(scheme);
  curl_free(scheme);
  if (name != "http" && name != "https")
    invalid("URL '" + display_url(url) + "' has scheme '" + name + "'; expected http or https");
}

void check_request(const Request& r) {
  if (!is_token(r.method)) invalid("HTTP method '" + r.method + "' is not a token (RFC 9110)");
  check_url(r.url);
  for (const auto& [name, value] : r.headers) {
    if (!is_token(name)) invalid("header name '" + name + "' is not a token (RFC 9110)");
    if (has_line_break_or_nul(value)) invalid("value of header '" + name + "' contains CR, LF or NUL");
  }
  if (r.method == "HEAD" && r.body) invalid("a HEAD request cannot have a body");
  if (r.connect_timeout_ms <= 0) invalid("connect timeout must be > 0 ms, got " + std::to_string(r.connect_timeout_ms));
  if (r.read_timeout_ms < 0) invalid("read timeout must be >= 0 ms, got " + std::to_string(r.read_timeout_ms));
  if (r.total_timeout_ms < 0) invalid("total timeout must be >= 0 ms, got " + std::to_string(r.total_timeout_ms));
  if (r.ca_file.find('\0') != std::string::npos) invalid("CA file path contains a NUL byte");
}

bool has_header(const std::vector<Header>& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [&](const Header& h) { return ascii_lower(h.first) == name; });
}

template <typename T>
void set(CURL* easy, CURLoption option, T value) {
  if (const CURLcode rc = curl_easy_setopt(easy, option, value); rc != CURLE_OK)
    throw_error(ErrorCode::kTransportError, std::string("libcurl refused an option: ") + curl_easy_strerror(rc));
}

}  // namespace

Transfer::Transfer(Handle id, Request request, Callbacks callbacks)
    : id_(id), request_(std::move(request)), callbacks_(std::move(callbacks)) {
  check_request(request_);
  url_ = display_url(request_.url);
  easy_.reset(curl_easy_init());
  if (!easy_) throw_error(ErrorCode::kTransportError, "curl_easy_init failed for " + url_);
  configure();
}

// The request's ca_file, or else the process's CA location (ca_lookup.hpp), looked up here on the
// thread that starts the transfer so that a changed SSL_CERT_FILE counts from the next request. Only
// https URLs need one: a plain http request never fails for want of CA certificates.
void Transfer::configure_ca(CURL* e) {
  if (!request_.ca_file.empty()) {
    ca_ = CaLocation{request_.ca_file, false, "ca_file"};
  } else {
    if (!ascii_lower(request_.url.substr(0, 6)).starts_with("https:")) return;
    const CaEnvironment env = process_ca_environment();
    std::optional<CaLocation> found = find_ca_location(env);
    if (!found) throw_error(ErrorCode::kTransportError, ca_not_found_message(env) + " (request to " + url_ + ")");
    ca_ = std::move(*found);
  }
  set(e, ca_.is_directory ? CURLOPT_CAPATH : CURLOPT_CAINFO, ca_.path.c_str());
}

void Transfer::configure() {
  CURL* e = easy_.get();
  set(e, CURLOPT_URL, request_.url.c_str());
  set(e, CURLOPT_PROTOCOLS_STR, "http,https");
  set(e, CURLOPT_NOSIGNAL, 1L);  // the I/O thread must not get SIGALRM from the resolver
  set(e, CURLOPT_ERRORBUFFER, error_buffer_.data());
  set(e, CURLOPT_PRIVATE, static_cast<void*>(this));
  set(e, CURLOPT_USERAGENT, user_agent().c_str());
  set(e, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);  // a proxy's CONNECT reply is not the response
  set(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request_.connect_timeout_ms));
  if (request_.total_timeout_ms > 0) set(e, CURLOPT_TIMEOUT_MS, static_cast<long>(request_.total_timeout_ms));
  set(e, CURLOPT_SSL_VERIFYPEER, request_.verify_tls ? 1L : 0L);
  set(e, CURLOPT_SSL_VERIFYHOST, request_.verify_tls ? 2L : 0L);
  if (request_.verify_tls) configure_ca(e);

  set(e, CURLOPT_HEADERFUNCTION, &Transfer::on_header_line);
  set(e, CURLOPT_HEADERDATA, static_cast<void*>(this));
  set(e, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  set(e, CURLOPT_WRITEDATA, static_cast<void*>(this));
  set(e, CURLOPT_PREREQFUNCTION, &Transfer::on_connected);
  set(e, CURLOPT_PREREQDATA, static_cast<void*>(this));

  const std::string& method = request_.method;
  if (method == "HEAD") {
    set(e, CURLOPT_NOBODY, 1L);
  } else if (method == "GET" && !request_.body) {
    set(e, CURLOPT_HTTPGET, 1L);
  } else {
    if (method == "POST")
      set(e, CURLOPT_POST, 1L);
    else
      set(e, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (request_.body || method == "POST") {
      if (!request_.body) request_.body.emplace();  // POST without a body: Content-Length: 0
      set(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request_.body->size()));
      set(e, CURLOPT_POSTFIELDS, request_.body->data());  // owned by request_, alive as long as the handle
    }
  }

  curl_slist* list = nullptr;
  const auto append = [&](const std::string& line) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) {
      curl_slist_free_all(list);
      throw_error(ErrorCode::kTransportError, "out of memory building headers for " + url_);
    }
    list = grown;
  };
  for (const auto& [name, value] : request_.headers) {
    std::string line = name;
    if (value.empty()) {
      line += ';';  // curl's spelling of a header with an empty value ("Name:" would remove it)
    } else {
      line += ": ";
      line += value;
    }
    append(line);
  }
  // No "Expect: 100-continue" round trip, and no invented form content type for raw bodies.
  if (!has_header(request_.headers, "expect")) append("Expect:");
  if (request_.body && !has_header(request_.headers, "content-type")) append("Content-Type:");
  header_list_.reset(list);
  set(e, CURLOPT_HTTPHEADER, list);
}

std::optional<Clock::time_point> Transfer::read_deadline() const {
  if (!connected_ || request_.read_timeout_ms == 0) return std::nullopt;
  return last_activity_ + std::chrono::milliseconds(request_.read_timeout_ms);
}

void Transfer::fail_in_callback(ErrorKind kind, std::string message) noexcept {
  if (!callback_error_) callback_error_ = TransferError{kind, std::move(message)};
}

void Transfer::deliver_head() {
  head_delivered_ = true;
  long status = 0;
  curl_easy_getinfo(easy_.get(), CURLINFO_RESPONSE_CODE, &status);
  try {
    if (callbacks_.on_head) callbacks_.on_head(static_cast<int>(status), std::move(head_));
  } catch (const std::exception& ex) {  // nothing may unwind through libcurl's C frames
    fail_in_callback(ErrorKind::kCallback, "response head callback for " + url_ + " failed: " + ex.what());
  } catch (...) {
    fail_in_callback(ErrorKind::kCallback, "response head callback for " + url_ + " failed");
  }
  head_.clear();
}

std::size_t Transfer::on_header_line(char* data, std::size_t size, std::size_t count, void* self) {
  auto& t = *static_cast<Transfer*>(self);
  const std::size_t n = size * count;
  t.last_activity_ = Clock::now();
  if (t.head_delivered_) return n;  // trailers of a chunked body: not part of the head
  const std::string_view raw(data, n);
  if (raw.starts_with("HTTP/")) {  // a new response block (after 1xx or a proxy reply)
    t.head_.clear();
    return n;
  }
  const std::string_view line = trim(raw);
  if (line.empty()) {  // end of a header block: deliver unless it was an interim 1xx response
    long status = 0;
    curl_easy_getinfo(t.easy_.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status >= 100 && status < 200) {
      t.head_.clear();
      return n;
    }
    t.deliver_head();
    return t.callback_error_ ? 0 : n;
  }
  if ((raw.front() == ' ' || raw.front() == '\t') && !t.head_.empty()) {  // obsolete line folding
    t.head_.back().second += ' ';
    t.head_.back().second += line;
    return n;
  }
  if (const auto colon = line.find(':'); colon != std::string_view::npos)
    t.head_.emplace_back(ascii_lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  return n;
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto& t = *static_cast<Transfer*>(self);
  const std::size_t n = size * count;
  t.last_activity_ = Clock::now();
  if (!t.head_delivered_) t.deliver_head();
  if (t.callback_error_) return 0;
  t.received_ += n;
  if (t.request_.max_response_bytes > 0 && t.received_ > t.request_.max_response_bytes) {
    t.fail_in_callback(ErrorKind::kTooLarge, "response from " + t.url_ + " exceeds max_response_bytes (" +
                                                 std::to_string(t.request_.max_response_bytes) + ")");
    return 0;  // anything but n makes curl abort with CURLE_WRITE_ERROR
  }
  try {
    if (t.callbacks_.on_data && !t.callbacks_.on_data(std::string_view(data, n))) {
      t.fail_in_callback(ErrorKind::kStopped, "request to " + t.url_ + " stopped by its consumer");
      return 0;
    }
  } catch (const std::exception& ex) {
    t.fail_in_callback(ErrorKind::kCallback, "response data callback for " + t.url_ + " failed: " + ex.what());
    return 0;
  } catch (...) {
    t.fail_in_callback(ErrorKind::kCallback, "response data callback for " + t.url_ + " failed");
    return 0;
  }
  return n;
}

int Transfer::on_connected(void* self, char* /*conn_primary_ip*/, char* /*conn_local_ip*/, int /*conn_primary_port*/,
                           int /*conn_local_port*/) {
  auto& t = *static_cast<Transfer*>(self);
  t.connected_ = true;  // from here on, silence counts against the read timeout
  t.last_activity_ = Clock::now();
  return CURL_PREREQFUNC_OK;
}

std::optional<TransferError> Transfer::outcome(CURLcode result) const {
  if (callback_error_) return callback_error_;
  if (result == CURLE_OK) return std::nullopt;
  const std::string detail = error_buffer_[0] != '\0' ? error_buffer_.data() : curl_easy_strerror(result);
  switch (result) {
    case CURLE_COULDNT_CONNECT: {
      long os_error = 0;
      curl_easy_getinfo(easy_.get(), CURLINFO_OS_ERRNO, &os_error);
      const std::string cause =
          os_error != 0 ? std::error_code(static_cast<int>(os_error), std::generic_category()).message() : detail;
      return TransferError{ErrorKind::kConnect, "connect to " + url_ + " failed: " + cause};
    }
    case CURLE_OPERATION_TIMEDOUT: {
      const auto total = request_.total_timeout_ms;
      if (!connected_ && (total == 0 || request_.connect_timeout_ms <= total))
        return TransferError{ErrorKind::kConnect, "connect to " + url_ + " timed out after " +
                                                      seconds_text(request_.connect_timeout_ms) + " (connect timeout)"};
      return TransferError{ErrorKind::kTotalTimeout,
                           "request to " + url_ + " did not finish within " + seconds_text(total) + " (total timeout)"};
    }
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransferError{ErrorKind::kResolve, "cannot resolve the host of " + url_ + ": " + detail};
    case CURLE_PEER_FAILED_VERIFICATION:
      return TransferError{ErrorKind::kTls, "TLS certificate verify failed for " + url_ + ": " + detail};
    case CURLE_SSL_CACERT_BADFILE:
      return TransferError{ErrorKind::kTls, "cannot use CA " +
                                                std::string(ca_.is_directory ? "directory '" : "file '") + ca_.path +
                                                "' (" + ca_.origin + ") for " + url_ + ": " + detail};
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
      return TransferError{ErrorKind::kTls, "TLS handshake with " + url_ + " failed: " + detail};
    case CURLE_GOT_NOTHING: return TransferError{ErrorKind::kOther, url_ + " closed the connection without a response"};
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return TransferError{ErrorKind::kOther, "connection to " + url_ + " broke: " + detail};
    default: return TransferError{ErrorKind::kOther, request_.method + " " + url_ + " failed: " + detail};
  }
}

void Transfer::finish(std::optional<TransferError> error) noexcept {
  const auto on_done = std::move(callbacks_.on_done);
  callbacks_ = {};  // nothing may run after on_done; what the callbacks own is released here
  try {
    if (on_done) on_done(std::move(error));
  } catch (...) {  // NOLINT(bugprone-empty-catch): the transfer is over, there is no one left to tell
  }
}

TransferError Transfer::read_timeout_error() const {
  return TransferError{ErrorKind::kReadTimeout, read_timeout_message(url_, request_.read_timeout_ms)};
}

}  // namespace ruvector::http::detail

namespace ruvector::http {

std::string display_url(std::string_view url) {
  // Only URLs with user info are rewritten; everything else is shown exactly as the caller wrote it.
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const auto authority = url.substr(scheme_end + 3);
  const auto authority_end = authority.find_first_of("/?#");
  const auto at = authority.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, scheme_end + 3)) + "***@" + std::string(authority.substr(at + 1));
}

}  // namespace ruvector::http
