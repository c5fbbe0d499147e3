// Little-endian byte writer and a bounds-checked reader for the on-disk formats. The reader never
// reads past its span and refuses element counts the remaining bytes cannot hold, so a hostile
// length field cannot trigger a huge allocation: every failure is a PersistError.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

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
  void put_array(const std::vector<T>& values) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(values.data());
    bytes_.insert(bytes_.end(), p, p + values.size() * sizeof(T));
  }
  void put_bytes(const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    bytes_.insert(bytes_.end(), p, p + n);
  }
  std::vector<std::uint8_t>& bytes() noexcept { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> bytes) noexcept : bytes_(bytes) {}

  template <class T>
  T get(const char* what) {
    T value{};
    need(sizeof(T), 1, what);
    std::memcpy(&value, bytes_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  template <class T>
  std::vector<T> get_array(std::size_t count, const char* what) {
    need(sizeof(T), count, what);
    std::vector<T> out(count);
    if (count != 0) std::memcpy(out.data(), bytes_.data() + pos_, count * sizeof(T));
    pos_ += count * sizeof(T);
    return out;
  }
  [[nodiscard]] std::size_t remaining() const noexcept { return bytes_.size() - pos_; }
  [[nodiscard]] std::size_t position() const noexcept { return pos_; }

 private:
  void need(std::size_t size, std::size_t count, const char* what) const {
    if (count > remaining() / size) {
      throw_error(ErrorCode::kPersistError, std::string("truncated or corrupt data: ") + what + " needs " +
                                                std::to_string(count) + " x " + std::to_string(size) +
                                                " bytes at offset " + std::to_string(pos_) + ", only " +
                                                std::to_string(remaining()) + " left");
    }
  }
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

}  // namespace ruvector
