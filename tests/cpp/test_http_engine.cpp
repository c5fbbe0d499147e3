// The native HTTP engine (native/http) against a loopback server in this process: cancel() from
// other threads while the I/O thread delivers body bytes. Tagged [concurrency] (the tsan preset runs
// it under ThreadSanitizer); native only, like the engine.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http_engine.hpp"
#include "ruvector/core/error.hpp"

namespace http = ruvector::http;
using namespace std::chrono_literals;

namespace {

// Answers every request with an endless chunked body (a chunk every 2 ms) until the client closes
// the connection, and counts the connections the client closed.
class EndlessServer {
 public:
  EndlessServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), len) == 0);
    REQUIRE(::listen(listener_, 64) == 0);
    REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  EndlessServer(const EndlessServer&) = delete;
  EndlessServer& operator=(const EndlessServer&) = delete;
  EndlessServer(EndlessServer&&) = delete;
  EndlessServer& operator=(EndlessServer&&) = delete;
  ~EndlessServer() {
    stop_.store(true);
    acceptor_.join();
    for (auto& t : connections_) t.join();
    ::close(listener_);
  }

  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/stream"; }
  [[nodiscard]] int closed_by_client() const { return closed_.load(); }

 private:
  void accept_loop() {
    while (!stop_.load()) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd >= 0) connections_.emplace_back([this, fd] { serve(fd); });
    }
  }
  void serve(int fd) {
    std::string request;
    char buf[1024];
    while (request.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      request.append(buf, static_cast<std::size_t>(n));
    }
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string chunk = "12\r\ndata: 0123456789\n\n\r\n";  // 0x12 = 18 bytes of body
    bool open = ::send(fd, head.data(), head.size(), MSG_NOSIGNAL) > 0;
    while (open && !stop_.load()) {
      open = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL) > 0;
      std::this_thread::sleep_for(2ms);
    }
    if (!open) closed_.fetch_add(1);
    ::close(fd);
  }

  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> closed_{0};
  std::thread acceptor_;
  std::vector<std::thread> connections_;  // touched by the acceptor thread only until the join
};

// What the I/O thread reported for one transfer, read by the test thread.
struct Observed {
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t body_bytes = 0;
  int done_calls = 0;
  std::optional<http::TransferError> error;

  http::Callbacks callbacks() {
    return {
        [](int, std::vector<http::Header>) {},
        [this](std::string_view chunk) {
          const std::scoped_lock lock(mutex);
          body_bytes += chunk.size();
          changed.notify_all();
          return true;  // keep the transfer going
        },
        [this](std::optional<http::TransferError> e) {
          const std::scoped_lock lock(mutex);
          ++done_calls;
          error = std::move(e);
          changed.notify_all();
        },
    };
  }
  template <class Pred>
  bool wait_for(Pred pred, std::chrono::seconds timeout = 10s) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, timeout, [&] { return pred(*this); });
  }
};

http::Request stream_request(const std::string& url) {
  http::Request request;
  request.url = url;
  request.read_timeout_ms = 0;
  return request;
}

}  // namespace

TEST_CASE("HTTP engine: cancel from another thread stops a streaming download", "[concurrency][http]") {
  EndlessServer server;
  http::HttpEngine engine;
  Observed seen;
  const http::Handle handle = engine.start(stream_request(server.url()), seen.callbacks());
  REQUIRE(seen.wait_for([](const Observed& o) { return o.body_bytes >= 64; }));
  std::thread canceller([&] { engine.cancel(handle); });
  canceller.join();
  REQUIRE(seen.wait_for([](const Observed& o) { return o.done_calls > 0; }));
  std::this_thread::sleep_for(50ms);  // a second on_done would arrive by now
  {
    const std::scoped_lock lock(seen.mutex);
    CHECK(seen.done_calls == 1);
    REQUIRE(seen.error.has_value());
    CHECK(seen.error->kind == http::ErrorKind::kCancelled);
  }
  CHECK(engine.active() == 0);
  // The connection is closed: the server's next write fails.
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (server.closed_by_client() < 1 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(5ms);
  CHECK(server.closed_by_client() == 1);
}

TEST_CASE("HTTP engine: many threads start and cancel at once", "[concurrency][http]") {
  // Each thread starts transfers and cancels them at once, before or after the I/O thread took
  // them: every transfer still ends exactly once, cancelled, and nothing stays active.
  EndlessServer server;
  http::HttpEngine engine;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5;
  std::vector<Observed> seen(kThreads * kPerThread);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        Observed& o = seen[static_cast<std::size_t>(t * kPerThread + i)];
        const http::Handle handle = engine.start(stream_request(server.url()), o.callbacks());
        if (i % 2 == 1) std::this_thread::sleep_for(5ms);  // some after the first bytes arrived
        engine.cancel(handle);
      }
    });
  }
  for (auto& t : threads) t.join();
  for (Observed& o : seen) {
    REQUIRE(o.wait_for([](const Observed& x) { return x.done_calls > 0; }));
    const std::scoped_lock lock(o.mutex);
    CHECK(o.done_calls == 1);
    REQUIRE(o.error.has_value());
    INFO(o.error->message);
    CHECK(o.error->kind == http::ErrorKind::kCancelled);
  }
  CHECK(engine.active() == 0);
}

TEST_CASE("HTTP engine: shutdown from another thread ends a running stream", "[concurrency][http]") {
  EndlessServer server;
  http::HttpEngine engine;
  Observed seen;
  (void)engine.start(stream_request(server.url()), seen.callbacks());
  REQUIRE(seen.wait_for([](const Observed& o) { return o.body_bytes > 0; }));
  std::thread stopper([&] { engine.shutdown(); });
  stopper.join();
  const std::scoped_lock lock(seen.mutex);
  CHECK(seen.done_calls == 1);
  REQUIRE(seen.error.has_value());
  INFO(seen.error->message);
  CHECK(seen.error->kind == http::ErrorKind::kShutdown);
  CHECK_THROWS_AS(engine.start(stream_request(server.url()), Observed{}.callbacks()), ruvector::Error);
}
