// The inner loop of an INT8 depthwise convolution over NHWC codes: all the taps of one output pixel,
// sum_t (x[t][c] - zero) * w[t][c] over its channels c, with u8 codes x and s8 weights w in
// [-127, 127] (a channel block's sums stay in registers across the taps). Each product is
// at most 255 * 127 < 2^15 in magnitude, so the SIMD paths multiply in int16 exactly and widen to
// int32 before adding: every ISA returns the scalar sums bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ruvector/simd/kernels.hpp"

namespace ruvector::simd {

struct DepthwiseI8Kernels {
  Isa isa;
  // acc[c] = sum over t < taps of (x[t][c] - zero) * w[t][c] for c < n: one output pixel, x[t] its
  // input pixel under tap t and w[t] that tap's weights.
  void (*window)(const std::uint8_t* const* x, const std::int8_t* const* w, std::size_t taps, std::int32_t zero,
                 std::int32_t* acc, std::size_t n);
};

// The kernels of `isa` (InvalidInput if unavailable).
const DepthwiseI8Kernels& depthwise_i8_kernels_for(Isa isa);
const DepthwiseI8Kernels& active_depthwise_i8_kernels();

namespace detail {
const DepthwiseI8Kernels* avx2_depthwise_i8_table() noexcept;
const DepthwiseI8Kernels* avx512_depthwise_i8_table() noexcept;
const DepthwiseI8Kernels* simd128_depthwise_i8_table() noexcept;

// Defined once, in the scalar build (not inline: an ISA-flagged copy must never replace it). One
// tap: acc[c] += (x[c] - zero) * w[c] (the SIMD kernels' channel tails).
void depthwise_accumulate_scalar(const std::uint8_t* x, const std::int8_t* w, std::int32_t zero, std::int32_t* acc,
                                 std::size_t n);
void depthwise_window_scalar(const std::uint8_t* const* x, const std::int8_t* const* w, std::size_t taps,
                             std::int32_t zero, std::int32_t* acc, std::size_t n);
}  // namespace detail

}  // namespace ruvector::simd
