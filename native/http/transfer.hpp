// One HTTP transfer of the engine: a configured curl easy handle, the libcurl callbacks that turn
// header lines and body bytes into on_head/on_data, and the mapping of curl results to messages.
// Internal to native/http; everything here except construction runs on the I/O thread.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ca_lookup.hpp"
#include "http_engine.hpp"

namespace ruvector::http::detail {

using Clock = std::chrono::steady_clock;

struct EasyDeleter {
  void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

class Transfer {
 public:
  // Validates the request and configures the easy handle (throws InvalidInput / TransportError).
  Transfer(Handle id, Request request, Callbacks callbacks);

  [[nodiscard]] Handle id() const noexcept { return id_; }
  [[nodiscard]] CURL* easy() const noexcept { return easy_.get(); }
  [[nodiscard]] const std::string& url() const noexcept { return url_; }

  // When the read timeout expires if no byte arrives before (nullopt: not connected yet, or none).
  [[nodiscard]] std::optional<Clock::time_point> read_deadline() const;

  [[nodiscard]] TransferError read_timeout_error() const;

  // Why the transfer ended, from curl's result and what the callbacks recorded.
  [[nodiscard]] std::optional<TransferError> outcome(CURLcode result) const;

  // Calls on_done once and drops the callbacks (with whatever they own) right after.
  void finish(std::optional<TransferError> error) noexcept;

 private:
  static std::size_t on_header_line(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static int on_connected(void* self, char* conn_primary_ip, char* conn_local_ip, int conn_primary_port,
                          int conn_local_port);

  void configure();
  void configure_ca(CURL* e);
  void deliver_head();
  void fail_in_callback(ErrorKind kind, std::string message) noexcept;

  Handle id_;
  Request request_;
  Callbacks callbacks_;
  std::string url_;  // for messages, credentials redacted
  CaLocation ca_;    // where the CA certificates came from (empty path: none set)
  std::unique_ptr<CURL, EasyDeleter> easy_;
  std::unique_ptr<curl_slist, SlistDeleter> header_list_;
  std::vector<Header> head_;
  bool head_delivered_ = false;
  bool connected_ = false;
  Clock::time_point last_activity_ = Clock::now();
  std::size_t received_ = 0;
  std::optional<TransferError> callback_error_;  // set when a callback aborted the transfer
  std::vector<char> error_buffer_ = std::vector<char>(CURL_ERROR_SIZE, '\0');
};

}  // namespace ruvector::http::detail
