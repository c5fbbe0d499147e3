// The native HTTP transport of the A2A client: one process-wide libcurl multi loop on one I/O thread
// (started on first use) drives many concurrent requests and streams. It moves bytes only; JSON-RPC,
// SSE and A2A types live in the core (src/ruvector/a2a) and are fed what this delivers.
//
// Contract:
//  - Callbacks run on the I/O thread, never while the engine holds its lock: on_head once (final,
//    non-1xx status and the header lines, names lower-cased), on_data for each body chunk as it
//    arrives, then on_done exactly once (nullopt on success). Nothing is called after on_done. A
//    callback that throws aborts its transfer (on_done then reports the exception's message).
//  - on_data returns false to stop the transfer at once (on_done(kStopped) follows). A consumer
//    that must give up from inside on_data does it this way, not with cancel(): the handle that
//    start() returns may not have reached the caller yet when the first chunks arrive.
//  - HTTP status >= 400 is a response, not an error: the protocol layer decides.
//  - cancel() from any thread aborts promptly: the I/O thread removes the transfer from the multi
//    handle (which closes its connection, the server sees EOF) and calls on_done(kCancelled).
//    Cancelling an unknown or finished handle does nothing.
//  - Memory: body bytes are handed to on_data as they arrive, never buffered here; there is no
//    backpressure, so a consumer that stores chunks without reading them holds up to what the peer
//    sends. `max_response_bytes` caps one transfer's body (the binding uses it for whole responses
//    and bounds the unread part of a stream the same way).
//  - shutdown() (also run by the destructor, and by the Python module at interpreter exit) aborts
//    every transfer with on_done(kShutdown), joins the I/O thread and refuses new requests.
//  - fork(): the child of a process using instance() starts with an idle engine; transfers in
//    flight at the fork belong to the parent and are never reported in the child.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ruvector::http {

using Header = std::pair<std::string, std::string>;
using Handle = std::uint64_t;

struct Request {
  std::string method = "GET";
  std::string url;                           // http:// or https:// only
  std::vector<Header> headers;               // sent as given; CR/LF/NUL refused
  std::optional<std::string> body;           // bytes; sent with Content-Length
  std::int64_t connect_timeout_ms = 10'000;  // TCP + TLS handshake; > 0
  std::int64_t read_timeout_ms = 60'000;     // longest gap without received bytes once connected; 0 = none
  std::int64_t total_timeout_ms = 0;         // whole transfer; 0 = none
  bool verify_tls = true;                    // peer certificate and host name
  std::string ca_file;                       // PEM bundle replacing the system CAs; "" = system
  std::size_t max_response_bytes = 0;        // body cap; 0 = unlimited
};

enum class ErrorKind : std::uint8_t {
  kConnect,  // refused, unreachable, connect timeout
  kResolve,  // host name did not resolve
  kTls,      // handshake or certificate verification
  kReadTimeout,
  kTotalTimeout,
  kTooLarge,  // body exceeded max_response_bytes
  kCancelled,
  kStopped,  // on_data returned false
  kShutdown,
  kCallback,  // a callback threw
  kOther,     // connection broke mid-response, protocol errors, ...
};

struct TransferError {
  ErrorKind kind;
  std::string message;  // names the URL (without credentials) and the cause
};

struct Callbacks {
  std::function<void(int status, std::vector<Header> headers)> on_head;
  std::function<bool(std::string_view chunk)> on_data;  // false: stop the transfer
  std::function<void(std::optional<TransferError> error)> on_done;
};

class HttpEngine {
 public:
  // The process-wide engine (its I/O thread starts with the first request).
  static HttpEngine& instance();

  HttpEngine();
  ~HttpEngine();
  HttpEngine(const HttpEngine&) = delete;
  HttpEngine& operator=(const HttpEngine&) = delete;
  HttpEngine(HttpEngine&&) = delete;
  HttpEngine& operator=(HttpEngine&&) = delete;

  // Validates `request` (InvalidInput naming the bad value; TransportError after shutdown) and
  // queues it; the callbacks start arriving on the I/O thread.
  Handle start(Request request, Callbacks callbacks);
  void cancel(Handle handle);
  void shutdown();

  // Transfers started and not yet done (for leak checks and diagnostics).
  [[nodiscard]] std::size_t active() const;

 private:
  struct State;
  // fork() in a process whose engine runs: the child gets a fresh, idle engine (the parent's I/O
  // thread does not exist there, and its connections belong to the parent).
  static void before_fork() noexcept;
  static void after_fork_in_parent() noexcept;
  static void after_fork_in_child() noexcept;

  std::unique_ptr<State> state_;
};

// Redacts user:password from a URL for messages ("https://***@host/").
std::string display_url(std::string_view url);

}  // namespace ruvector::http
