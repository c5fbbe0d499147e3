#include "ruvector/a2a/sse.hpp"

#include <algorithm>
#include <utility>

#include "ruvector/core/error.hpp"

namespace ruvector::a2a {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

SseParser::SseParser(SseLimits limits) : limits_(limits) {}

std::vector<SseEvent> SseParser::feed(std::string_view chunk) {
  std::vector<SseEvent> out;
  feed(chunk, out);
  return out;
}

void SseParser::feed(std::string_view chunk, std::vector<SseEvent>& out) {
  if (!error_.empty()) throw_error(ErrorCode::kProtocolError, error_);
  if (!bom_checked_) {
    // Collect up to three leading bytes; drop them if they are the BOM, else parse them as text.
    while (!chunk.empty() && bom_pending_.size() < kBom.size()) {
      if (chunk.front() != kBom[bom_pending_.size()]) break;
      bom_pending_.push_back(chunk.front());
      chunk.remove_prefix(1);
    }
    if (bom_pending_.size() == kBom.size()) {
      bom_pending_.clear();
      bom_checked_ = true;
    } else if (!chunk.empty()) {  // a mismatch: what was held is ordinary text
      bom_checked_ = true;
      const std::string held = std::move(bom_pending_);
      bom_pending_.clear();
      process(held, out);
    } else {
      return;  // the whole chunk may still be the start of a BOM
    }
  }
  process(chunk, out);
}

void SseParser::process(std::string_view bytes, std::vector<SseEvent>& out) {
  std::size_t i = 0;
  if (after_cr_ && !bytes.empty()) {
    after_cr_ = false;
    if (bytes[0] == '\n') i = 1;
  }
  while (i < bytes.size()) {
    const auto* const begin = bytes.begin() + static_cast<std::ptrdiff_t>(i);
    const auto* const end = std::find_if(begin, bytes.end(), [](char c) { return c == '\n' || c == '\r'; });
    const auto n = static_cast<std::size_t>(end - begin);
    append_to_line(bytes.substr(i, n));
    i += n;
    if (i == bytes.size()) break;  // the line continues in the next chunk
    const char terminator = bytes[i++];
    line_complete(out);
    if (terminator == '\r') {
      if (i == bytes.size()) {
        after_cr_ = true;  // an LF may open the next chunk
      } else if (bytes[i] == '\n') {
        ++i;
      }
    }
  }
}

void SseParser::append_to_line(std::string_view bytes) {
  if (line_.size() + bytes.size() > limits_.max_line_bytes) {
    fail("SSE line longer than max_line_bytes=" + std::to_string(limits_.max_line_bytes) + " bytes");
  }
  line_.append(bytes);
}

void SseParser::line_complete(std::vector<SseEvent>& out) {
  const std::string_view line = line_;
  if (line.empty()) {
    dispatch(out);
    return;
  }
  if (line.front() == ':') {  // comment
    line_.clear();
    return;
  }
  const std::size_t colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  event_started_ = true;
  if (field == "data") {
    if (data_seen_) data_.push_back('\n');
    data_.append(value);
    data_seen_ = true;
  } else if (field == "event") {
    type_.assign(value);
  } else if (field == "id" && value.find('\0') == std::string_view::npos) {
    id_buffer_.assign(value);
  } else if (field == "retry" && !value.empty() && value.size() <= 15 &&
             std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::uint64_t ms = 0;
    for (const char c : value) ms = ms * 10 + static_cast<std::uint64_t>(c - '0');
    retry_ms_ = ms;
  }
  line_.clear();
  check_event_size();
}

void SseParser::check_event_size() {
  const std::size_t size = data_.size() + type_.size() + id_buffer_.size();
  if (size > limits_.max_event_bytes) {
    fail("SSE event larger than max_event_bytes=" + std::to_string(limits_.max_event_bytes) + " bytes");
  }
}

void SseParser::dispatch(std::vector<SseEvent>& out) {
  last_event_id_ = id_buffer_;
  if (data_seen_) {
    SseEvent event;
    event.type = type_.empty() ? "message" : std::move(type_);
    event.data = std::move(data_);
    event.id = last_event_id_;
    out.push_back(std::move(event));
  }
  data_.clear();
  type_.clear();
  data_seen_ = false;
  event_started_ = false;
}

bool SseParser::mid_event() const noexcept {
  return !line_.empty() || event_started_ || (!bom_checked_ && !bom_pending_.empty());
}

void SseParser::finish() {
  if (!error_.empty()) throw_error(ErrorCode::kProtocolError, error_);
  if (!bom_checked_ && !bom_pending_.empty()) {  // a stream of one or two BOM-like bytes
    bom_checked_ = true;
    const std::string held = std::move(bom_pending_);
    bom_pending_.clear();
    std::vector<SseEvent> ignored;
    process(held, ignored);
  }
  const bool cut = mid_event();
  const std::size_t pending = line_.size() + data_.size();
  // Ready for a new connection either way: the next stream starts clean (BOM, CR state, fields).
  line_.clear();
  data_.clear();
  type_.clear();
  id_buffer_.clear();  // per stream (the spec); last_event_id_ itself is kept
  data_seen_ = false;
  event_started_ = false;
  after_cr_ = false;
  bom_checked_ = false;
  if (cut) {
    throw_error(ErrorCode::kTransportError, "SSE stream ended in the middle of an event (" + std::to_string(pending) +
                                                " bytes not terminated by a blank line): the connection was cut");
  }
}

void SseParser::fail(const std::string& message) {
  error_ = message;
  throw_error(ErrorCode::kProtocolError, message);
}

}  // namespace ruvector::a2a
