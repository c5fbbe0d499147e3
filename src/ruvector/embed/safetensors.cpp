#include "ruvector/embed/safetensors.hpp"

#include <bit>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstring>
#include <utility>

#include "ruvector/core/error.hpp"
#include "ruvector/core/half.hpp"

namespace ruvector::embed {

namespace {

constexpr std::uint64_t kMaxHeaderBytes = 100U << 20U;  // the format's own limit

std::size_t dtype_size(std::string_view dtype) {
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL" || dtype == "F8_E4M3" || dtype == "F8_E5M2") return 1;
  return 0;
}

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string s = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

[[noreturn]] void fail_file(const std::string& file, const std::string& why) {
  throw_error(ErrorCode::kEmbedError, file + ": " + why);
}

// The element count of a shape, checked so that count * 8 bytes cannot overflow.
std::uint64_t read_shape(const boost::json::array& dims, const std::string& file, const std::string& tensor,
                         std::vector<std::size_t>& shape) {
  std::uint64_t count = 1;
  for (const auto& d : dims) {
    if (!d.is_int64() || d.get_int64() < 0) fail_file(file, "tensor '" + tensor + "' has a bad shape");
    const auto dim = static_cast<std::uint64_t>(d.get_int64());
    if (dim != 0 && count > (UINT64_MAX / 8) / dim) fail_file(file, "tensor '" + tensor + "' is too large");
    count *= dim;
    shape.push_back(static_cast<std::size_t>(dim));
  }
  return count;
}

// data_offsets [begin, end] of a tensor: ordered, within the data section, and as long as its
// shape and dtype need.
std::span<const std::uint8_t> tensor_bytes(const boost::json::array& off, std::span<const std::uint8_t> data,
                                           std::uint64_t needed, const std::string& file, const std::string& tensor,
                                           const TensorInfo& info) {
  if (!off[0].is_int64() || !off[1].is_int64() || off[0].get_int64() < 0 || off[1].get_int64() < off[0].get_int64()) {
    fail_file(file, "tensor '" + tensor + "' has bad data_offsets");
  }
  const auto begin = static_cast<std::uint64_t>(off[0].get_int64());
  const auto end = static_cast<std::uint64_t>(off[1].get_int64());
  if (end > data.size()) {
    fail_file(file, "tensor '" + tensor + "' ends at byte " + std::to_string(end) + " of a " +
                        std::to_string(data.size()) + "-byte data section");
  }
  if (end - begin != needed) {
    fail_file(file, "tensor '" + tensor + "' holds " + std::to_string(end - begin) + " bytes, its shape " +
                        shape_text(info.shape) + " of " + info.dtype + " needs " + std::to_string(needed));
  }
  return data.subspan(static_cast<std::size_t>(begin), static_cast<std::size_t>(end - begin));
}

// One header entry {"dtype": ..., "shape": [...], "data_offsets": [begin, end]}.
TensorInfo read_tensor_entry(const boost::json::value& value, std::span<const std::uint8_t> data,
                             const std::string& file, const std::string& tensor) {
  if (!value.is_object()) fail_file(file, "entry '" + tensor + "' is not an object");
  const auto& o = value.get_object();
  const auto* dtype = o.if_contains("dtype");
  const auto* shape = o.if_contains("shape");
  const auto* offsets = o.if_contains("data_offsets");
  if (dtype == nullptr || !dtype->is_string() || shape == nullptr || !shape->is_array() || offsets == nullptr ||
      !offsets->is_array() || offsets->get_array().size() != 2) {
    fail_file(file, "entry '" + tensor + "' needs dtype, shape and data_offsets [begin, end]");
  }
  TensorInfo info;
  info.dtype = std::string(dtype->get_string());
  const std::size_t elem = dtype_size(info.dtype);
  if (elem == 0) fail_file(file, "tensor '" + tensor + "' has unknown dtype '" + info.dtype + "'");
  const std::uint64_t count = read_shape(shape->get_array(), file, tensor, info.shape);
  info.bytes = tensor_bytes(offsets->get_array(), data, count * elem, file, tensor, info);
  return info;
}

// The 8-byte little-endian length of the JSON header, checked against the file.
std::uint64_t header_length(std::span<const std::uint8_t> bytes, const std::string& file) {
  if (bytes.size() < 8)
    fail_file(file, "too short for a safetensors file (" + std::to_string(bytes.size()) + " bytes)");
  std::uint64_t header_len = 0;
  for (int i = 7; i >= 0; --i) header_len = (header_len << 8U) | bytes[static_cast<std::size_t>(i)];
  if (header_len > kMaxHeaderBytes || header_len > bytes.size() - 8) {
    fail_file(file, "header length " + std::to_string(header_len) + " exceeds the file (" +
                        std::to_string(bytes.size()) + " bytes)");
  }
  return header_len;
}

}  // namespace

Safetensors::Safetensors(std::shared_ptr<const void> owner, std::span<const std::uint8_t> bytes, std::string name)
    : owner_(std::move(owner)), name_(std::move(name)) {
  const std::uint64_t header_len = header_length(bytes, name_);
  const std::string_view header(reinterpret_cast<const char*>(bytes.data()) + 8, static_cast<std::size_t>(header_len));
  boost::system::error_code ec;
  const boost::json::value root = boost::json::parse(header, ec);
  if (ec || !root.is_object()) fail_file(name_, "header is not a JSON object");
  const std::span<const std::uint8_t> data = bytes.subspan(8 + static_cast<std::size_t>(header_len));
  for (const auto& [key, value] : root.get_object()) {
    const std::string tensor(key);
    if (tensor == "__metadata__") continue;
    tensors_.emplace(tensor, read_tensor_entry(value, data, name_, tensor));
  }
}

const TensorInfo& Safetensors::info(const std::string& tensor) const {
  const auto it = tensors_.find(tensor);
  if (it == tensors_.end()) throw_error(ErrorCode::kEmbedError, name_ + ": no tensor '" + tensor + "'");
  return it->second;
}

FloatTensor Safetensors::floats(const std::string& tensor, const std::vector<std::size_t>& shape) const {
  const TensorInfo& t = info(tensor);
  if (t.shape != shape) {
    throw_error(ErrorCode::kEmbedError, name_ + ": tensor '" + tensor + "' has shape " + shape_text(t.shape) +
                                            ", the config implies " + shape_text(shape));
  }
  FloatTensor out;
  out.shape = t.shape;
  const std::size_t count = t.bytes.size() / std::max<std::size_t>(1, dtype_size(t.dtype));
  if (t.dtype == "F32") {
    // safetensors is little-endian: in place (or by memcpy) only on a little-endian host.
    static_assert(std::endian::native == std::endian::little);
    if (reinterpret_cast<std::uintptr_t>(t.bytes.data()) % alignof(float) == 0) {
      out.values = {reinterpret_cast<const float*>(t.bytes.data()), count};
      return out;
    }
    out.owned.resize(count);
    std::memcpy(out.owned.data(), t.bytes.data(), t.bytes.size());
  } else if (t.dtype == "F16" || t.dtype == "BF16") {
    out.owned.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      const auto h = static_cast<std::uint16_t>(static_cast<unsigned>(t.bytes[2 * i]) |
                                                (static_cast<unsigned>(t.bytes[2 * i + 1]) << 8U));
      if (t.dtype == "F16") {
        out.owned[i] = half_to_float(h);
      } else {
        const std::uint32_t bits = static_cast<std::uint32_t>(h) << 16U;
        std::memcpy(&out.owned[i], &bits, sizeof(float));
      }
    }
  } else {
    throw_error(ErrorCode::kEmbedError,
                name_ + ": tensor '" + tensor + "' has dtype " + t.dtype + " (expected F32, F16 or BF16)");
  }
  out.values = out.owned;
  return out;
}

std::vector<std::string> Safetensors::names() const {
  std::vector<std::string> out;
  out.reserve(tensors_.size());
  for (const auto& [name, info] : tensors_) out.push_back(name);
  return out;
}

}  // namespace ruvector::embed
