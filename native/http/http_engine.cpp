// The engine's I/O thread: one curl multi handle, fed through a locked command queue (new
// transfers, cancels, stop) and woken with curl_multi_wakeup. Callbacks run with no lock held, so
// they may call start()/cancel() and may block on a language runtime's lock (e.g. the GIL).
#include "http_engine.hpp"

#include <curl/curl.h>

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ruvector/core/error.hpp"
#include "transfer.hpp"

namespace ruvector::http {

using detail::Clock;
using detail::Transfer;

struct HttpEngine::State {
  mutable std::mutex mutex;  // guards the fields down to `cancels`
  CURLM* multi = nullptr;    // created with the thread; freed by the thread when it stops
  std::thread thread;
  bool stopping = false;
  std::vector<std::unique_ptr<Transfer>> starts;
  std::vector<Handle> cancels;

  std::mutex join_mutex;  // shutdown() may race with itself
  std::atomic<Handle> next_id{1};
  std::atomic<std::size_t> active{0};

  // I/O thread only.
  std::unordered_map<Handle, std::unique_ptr<Transfer>> transfers;

  void run();
  void end(Handle id, std::optional<TransferError> error);
  int expire_read_timeouts();  // returns how long the loop may sleep, in ms
};

namespace {

// Longest sleep of an idle loop. curl_multi_poll returns earlier for socket activity, curl's own
// timers (connect/total timeouts) and wakeups, and read deadlines shorten it, so an idle engine
// wakes only this often.
constexpr int kMaxPollMs = 10'000;

}  // namespace

HttpEngine& HttpEngine::instance() {
  static HttpEngine engine;
  static const bool fork_handlers_installed =
      pthread_atfork(&before_fork, &after_fork_in_parent, &after_fork_in_child) == 0;
  (void)fork_handlers_installed;
  return engine;
}

// The queue lock is held across fork() so that the child never inherits it mid-update; the I/O
// thread holds it only to swap the queues, never while calling back, so this cannot deadlock.
void HttpEngine::before_fork() noexcept {
  instance().state_->mutex.lock();
}
void HttpEngine::after_fork_in_parent() noexcept {
  instance().state_->mutex.unlock();
}
void HttpEngine::after_fork_in_child() noexcept {
  HttpEngine& engine = instance();
  // The old state is leaked on purpose: its std::thread has no thread behind it here (destroying
  // it would terminate), its sockets are the parent's, and its callbacks may own objects of a
  // runtime that must not be touched from this hook.
  (void)engine.state_.release();  // NOLINT(bugprone-unused-return-value)
  engine.state_ = std::make_unique<State>();
}

HttpEngine::HttpEngine() : state_(std::make_unique<State>()) {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    throw_error(ErrorCode::kTransportError, "libcurl global initialisation failed");
}

HttpEngine::~HttpEngine() {
  shutdown();
  curl_global_cleanup();
}

Handle HttpEngine::start(Request request, Callbacks callbacks) {
  const Handle id = state_->next_id.fetch_add(1);
  auto transfer = std::make_unique<Transfer>(id, std::move(request), std::move(callbacks));
  const std::scoped_lock lock(state_->mutex);
  if (state_->stopping) throw_error(ErrorCode::kTransportError, "the HTTP engine is shut down (interpreter exit?)");
  if (!state_->thread.joinable()) {
    state_->multi = curl_multi_init();
    if (state_->multi == nullptr) throw_error(ErrorCode::kTransportError, "curl_multi_init failed");
    try {
      state_->thread = std::thread([s = state_.get()] { s->run(); });
    } catch (const std::system_error& e) {
      curl_multi_cleanup(std::exchange(state_->multi, nullptr));
      throw_error(ErrorCode::kTransportError, std::string("cannot start the HTTP I/O thread: ") + e.what());
    }
  }
  state_->starts.push_back(std::move(transfer));
  state_->active.fetch_add(1);
  curl_multi_wakeup(state_->multi);
  return id;
}

void HttpEngine::cancel(Handle handle) {
  const std::scoped_lock lock(state_->mutex);
  if (state_->multi == nullptr || state_->stopping) return;  // nothing runs, or everything is being aborted
  state_->cancels.push_back(handle);
  curl_multi_wakeup(state_->multi);
}

void HttpEngine::shutdown() {
  const std::scoped_lock join_lock(state_->join_mutex);
  {
    const std::scoped_lock lock(state_->mutex);
    state_->stopping = true;
    if (state_->multi != nullptr) curl_multi_wakeup(state_->multi);
  }
  if (!state_->thread.joinable()) return;
  if (state_->thread.get_id() == std::this_thread::get_id()) {
    state_->thread.detach();  // called from a callback: the loop ends after it returns
    return;
  }
  state_->thread.join();
}

std::size_t HttpEngine::active() const {
  return state_->active.load();
}

void HttpEngine::State::end(Handle id, std::optional<TransferError> error) {
  const auto it = transfers.find(id);
  if (it == transfers.end()) return;  // already finished (a late cancel)
  std::unique_ptr<Transfer> transfer = std::move(it->second);
  transfers.erase(it);
  // Removing an unfinished transfer closes its connection before on_done: a cancelled request is
  // already gone from the server's point of view when the caller hears about it.
  curl_multi_remove_handle(multi, transfer->easy());
  active.fetch_sub(1);  // before on_done: whoever hears "done" sees the count without this transfer
  transfer->finish(std::move(error));
}

int HttpEngine::State::expire_read_timeouts() {
  const auto now = Clock::now();
  auto sleep = std::chrono::milliseconds(kMaxPollMs);
  std::vector<Handle> expired;
  for (const auto& [id, transfer] : transfers) {
    const auto deadline = transfer->read_deadline();
    if (!deadline) continue;
    if (*deadline <= now)
      expired.push_back(id);
    else
      sleep = std::min(sleep, std::chrono::ceil<std::chrono::milliseconds>(*deadline - now));
  }
  for (const Handle id : expired) end(id, transfers.at(id)->read_timeout_error());
  return expired.empty() ? static_cast<int>(sleep.count()) : 0;
}

void HttpEngine::State::run() {
#ifdef __linux__
  pthread_setname_np(pthread_self(), "ruvector-http");  // shows in top -H, gdb, py-spy
#endif
  for (;;) {
    std::vector<std::unique_ptr<Transfer>> new_transfers;
    std::vector<Handle> new_cancels;
    bool stop = false;
    {
      const std::scoped_lock lock(mutex);
      std::swap(new_transfers, starts);
      std::swap(new_cancels, cancels);
      stop = stopping;
    }
    for (auto& transfer : new_transfers) {
      if (const CURLMcode rc = curl_multi_add_handle(multi, transfer->easy()); rc != CURLM_OK) {
        active.fetch_sub(1);
        transfer->finish(TransferError{
            ErrorKind::kOther, "cannot start the request to " + transfer->url() + ": " + curl_multi_strerror(rc)});
        continue;
      }
      const Handle id = transfer->id();
      transfers.emplace(id, std::move(transfer));
    }
    for (const Handle id : new_cancels) {
      if (const auto it = transfers.find(id); it != transfers.end())
        end(id, TransferError{ErrorKind::kCancelled, "request to " + it->second->url() + " cancelled"});
    }
    if (stop) break;

    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (const CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      void* owner = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &owner);
      const auto& transfer = *static_cast<Transfer*>(owner);
      end(transfer.id(), transfer.outcome(msg->data.result));
    }
    const int sleep_ms = expire_read_timeouts();
    if (sleep_ms > 0) curl_multi_poll(multi, nullptr, 0, sleep_ms, nullptr);
  }

  std::vector<Handle> left;
  left.reserve(transfers.size());
  for (const auto& entry : transfers) left.push_back(entry.first);
  for (const Handle id : left) {
    const std::string url = transfers.at(id)->url();
    end(id, TransferError{ErrorKind::kShutdown, "request to " + url + " aborted: the HTTP engine shut down"});
  }
  CURLM* finished = nullptr;
  {
    const std::scoped_lock lock(mutex);
    std::swap(finished, multi);
  }
  curl_multi_cleanup(finished);
}

}  // namespace ruvector::http
