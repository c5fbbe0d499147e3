// Incremental Server-Sent Events parser (WHATWG HTML, "9.2.6 Interpreting an event stream"), fed
// arbitrary byte chunks as they arrive from HTTP (libcurl natively, fetch + ReadableStream in wasm).
//
//  - Lines end with CRLF, LF or CR; a CR at the end of one chunk followed by an LF at the start of
//    the next is one line end. One leading UTF-8 BOM is skipped, even when split across chunks.
//  - "field: value" (one space after the colon is dropped), "field:value", "field" (empty value);
//    lines starting with ':' are comments. Fields: event, data (several lines join with "\n"),
//    id (ignored if it contains NUL; persists across events as the last event id), retry (digits
//    only, else ignored). Unknown fields are ignored.
//  - A blank line dispatches: an event with an empty data buffer is not delivered (but its id
//    still updates last_event_id()); the type defaults to "message".
//  - Bytes are passed through unchanged (no UTF-8 replacement): the JSON layer above rejects
//    invalid UTF-8.
//
// Errors (ruvector::Error):
//  - ProtocolError when a line exceeds SseLimits::max_line_bytes or the current event's buffered
//    fields exceed SseLimits::max_event_bytes (the message names the limit and its value). After
//    an error the parser stays failed: every later feed() rethrows the same error.
//  - TransportError from finish() when the stream ended in the middle of an event (an
//    unterminated line, or fields not yet dispatched by a blank line): the connection was cut.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruvector::a2a {

struct SseEvent {
  std::string type = "message";  // the "event" field
  std::string data;              // "data" lines joined with "\n"
  std::string id;                // last event id in force when the event was dispatched
  bool operator==(const SseEvent&) const = default;
};

struct SseLimits {
  std::size_t max_line_bytes = std::size_t{1} << 20U;    // one line, without its terminator
  std::size_t max_event_bytes = std::size_t{16} << 20U;  // event type + data + id of one event
};

class SseParser {
 public:
  explicit SseParser(SseLimits limits = {});

  // Parses `chunk` and appends the events it completes to `out`.
  void feed(std::string_view chunk, std::vector<SseEvent>& out);
  std::vector<SseEvent> feed(std::string_view chunk);

  // End of stream. Throws TransportError if it ended mid-event; otherwise the parser can be
  // reused for a new connection (last_event_id() and retry_ms() are kept, for reconnecting).
  void finish();

  // True when bytes of an undispatched event are buffered (what finish() would complain about).
  [[nodiscard]] bool mid_event() const noexcept;

  // The id of the last dispatched event ("" if none): send it as Last-Event-ID when reconnecting.
  [[nodiscard]] const std::string& last_event_id() const noexcept { return last_event_id_; }
  // The last valid "retry" field, in milliseconds.
  [[nodiscard]] std::optional<std::uint64_t> retry_ms() const noexcept { return retry_ms_; }
  [[nodiscard]] const SseLimits& limits() const noexcept { return limits_; }

 private:
  void process(std::string_view bytes, std::vector<SseEvent>& out);
  void append_to_line(std::string_view bytes);
  void line_complete(std::vector<SseEvent>& out);
  void dispatch(std::vector<SseEvent>& out);
  void check_event_size();
  [[noreturn]] void fail(const std::string& message);

  SseLimits limits_;
  std::string line_;          // the current, unterminated line
  std::string bom_pending_;   // leading bytes that may still be a BOM
  bool bom_checked_ = false;  // the start of the stream has been looked at
  bool after_cr_ = false;     // the previous byte ended a line with CR: skip one LF
  bool event_started_ = false;
  bool data_seen_ = false;
  std::string data_;
  std::string type_;
  std::string id_buffer_;
  std::string last_event_id_;
  std::optional<std::uint64_t> retry_ms_;
  std::string error_;  // non-empty once failed
};

}  // namespace ruvector::a2a
