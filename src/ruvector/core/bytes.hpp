// Little-endian byte writer and a bounds-checked reader for the on-disk formats. The reader never
// reads past its source and refuses element counts the remaining bytes cannot hold before it
// allocates, in 64-bit arithmetic on every target (size_t is 32 bits on wasm32), so a hostile
// length field cannot trigger a huge allocation or a wrapped size: every failure is a PersistError.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "ruvector/core/crc32.hpp"
#include "ruvector/core/error.hpp"

namespace ruvector {

static_assert(std::endian::native == std::endian::little, "the file formats are written little-endian");

class ByteWriter {
 public:
  template <class T>
  void put(T value) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&value);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  template <class T>
  void put_array(std::span<const T> values) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(values.data());
    bytes_.insert(bytes_.end(), p, p + values.size() * sizeof(T));
  }
  template <class T>
  void put_array(const std::vector<T>& values) {
    put_array(std::span<const T>(values));
  }
  void put_bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    bytes_.insert(bytes_.end(), p, p + n);
  }
  std::vector<std::uint8_t>& bytes() noexcept { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

// a * b, or PersistError naming `what` when the product does not fit 64 bits.
inline std::uint64_t checked_product(std::uint64_t a, std::uint64_t b, const char* what) {
  std::uint64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) {
    throw_error(ErrorCode::kPersistError, std::string("corrupt data: ") + what + " overflows (" + std::to_string(a) +
                                              " x " + std::to_string(b) + ")");
  }
  return out;
}

// Where a ByteReader's bytes come from: memory, or an open file (file_io.hpp) read piecewise.
class ByteSource {
 public:
  ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;
  virtual ~ByteSource() = default;
  [[nodiscard]] virtual std::uint64_t size() const noexcept = 0;
  // Copies bytes [offset, offset + n) to `out` (within size()); PersistError if they are gone.
  virtual void read(std::uint64_t offset, void* out, std::size_t n) = 0;
};

class SpanSource final : public ByteSource {
 public:
  explicit SpanSource(std::span<const std::uint8_t> bytes) noexcept : bytes_(bytes) {}
  [[nodiscard]] std::uint64_t size() const noexcept override { return bytes_.size(); }
  void read(std::uint64_t offset, void* out, std::size_t n) override {
    if (n != 0) std::memcpy(out, bytes_.data() + offset, n);
  }
  [[nodiscard]] std::span<const std::uint8_t> bytes() const noexcept { return bytes_; }

 private:
  std::span<const std::uint8_t> bytes_;
};

// Reads bytes [0, limit) of a source in order; optionally keeps the CRC-32 of what it read.
class ByteReader {
 public:
  ByteReader(ByteSource& source, std::uint64_t limit, bool track_crc = false) noexcept
      : source_(&source), limit_(limit), track_crc_(track_crc) {}
  // All of `bytes`, which must outlive the reader.
  explicit ByteReader(std::span<const std::uint8_t> bytes) noexcept
      : own_(bytes), source_(&own_), limit_(bytes.size()), track_crc_(false) {}
  ByteReader(const ByteReader&) = delete;
  ByteReader& operator=(const ByteReader&) = delete;
  ~ByteReader() = default;

  template <class T>
  T get(const char* what) {
    T value{};
    need(sizeof(T), 1, what);
    take(&value, sizeof(T));
    return value;
  }
  template <class T>
  std::vector<T> get_array(std::uint64_t count, const char* what) {
    need(sizeof(T), count, what);
    std::vector<T> out(static_cast<std::size_t>(count));  // fits: count * sizeof(T) <= remaining()
    take(out.data(), out.size() * sizeof(T));
    return out;
  }
  // Passes over `count` elements of `size` bytes without reading them (checked like get_array) and
  // returns their offset: for arrays that are viewed in a mapping rather than copied. A reader
  // that keeps a CRC must read every byte, so it refuses to skip.
  std::uint64_t skip(std::uint64_t size, std::uint64_t count, const char* what) {
    if (track_crc_) throw_error(ErrorCode::kRuVectorError, "internal error: skipping bytes of a checksummed read");
    need(size, count, what);
    const std::uint64_t at = pos_;
    pos_ += size * count;
    return at;
  }
  [[nodiscard]] std::uint64_t remaining() const noexcept { return limit_ - pos_; }
  [[nodiscard]] std::uint64_t position() const noexcept { return pos_; }
  [[nodiscard]] std::uint32_t crc() const noexcept { return crc_; }

  // PersistError unless `count` elements of `size` bytes fit in the bytes left (checked in 64 bits
  // and against the address space, before anything is allocated for them).
  void need(std::uint64_t size, std::uint64_t count, const char* what) const {
    const std::uint64_t room = std::min<std::uint64_t>(remaining(), std::numeric_limits<std::size_t>::max());
    if (count > room / size) {
      throw_error(ErrorCode::kPersistError, std::string("truncated or corrupt data: ") + what + " needs " +
                                                std::to_string(count) + " x " + std::to_string(size) +
                                                " bytes at offset " + std::to_string(pos_) + ", only " +
                                                std::to_string(remaining()) + " left");
    }
  }

 private:
  void take(void* out, std::size_t n) {
    if (n == 0) return;
    source_->read(pos_, out, n);
    if (track_crc_) crc_ = crc32({static_cast<const std::uint8_t*>(out), n}, crc_);
    pos_ += n;
  }
  SpanSource own_{{}};
  ByteSource* source_;
  std::uint64_t limit_;
  std::uint64_t pos_ = 0;
  bool track_crc_;
  std::uint32_t crc_ = 0;
};

}  // namespace ruvector
