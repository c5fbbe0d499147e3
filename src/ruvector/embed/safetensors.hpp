// A read-only view of a .safetensors file (8-byte little-endian header length, JSON header of
// {name: {dtype, shape, data_offsets}}, then the data). Every offset and shape is checked against
// the buffer, so hostile bytes give EmbedError, never an out-of-bounds read. The bytes are not
// copied: natively they are the file memory-mapped (see TextEncoder::load), in wasm a buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ruvector::embed {

struct TensorInfo {
  std::string dtype;  // "F32", "F16", "BF16", "I64", ...
  std::vector<std::size_t> shape;
  std::span<const std::uint8_t> bytes;
};

// Float data of a tensor: a view of the file when it is F32 and aligned, else converted and owned.
struct FloatTensor {
  std::vector<std::size_t> shape;
  std::span<const float> values;
  std::vector<float> owned;
};

class Safetensors {
 public:
  // `owner` keeps `bytes` alive (a mapping or a buffer); `name` is used in messages.
  Safetensors(std::shared_ptr<const void> owner, std::span<const std::uint8_t> bytes, std::string name);

  [[nodiscard]] bool contains(const std::string& tensor) const { return tensors_.contains(tensor); }
  [[nodiscard]] const TensorInfo& info(const std::string& tensor) const;
  // The tensor as floats (F32, F16 or BF16), with its shape checked against `shape`.
  [[nodiscard]] FloatTensor floats(const std::string& tensor, const std::vector<std::size_t>& shape) const;
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  std::shared_ptr<const void> owner_;
  std::string name_;
  std::map<std::string, TensorInfo> tensors_;
};

}  // namespace ruvector::embed
