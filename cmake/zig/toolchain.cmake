# The compilers of the manylinux wheel (scripts/build_wheel): zig's clang, libc++ and compiler-rt,
# linked against glibc 2.28's symbol versions, so the extension modules need no libstdc++ or
# libgcc_s and no glibc newer than 2.28 (auditwheel: manylinux_2_28). Not a cross build: the
# results run on this machine too, so configure checks that run programs (curl's) still work.
set(CMAKE_C_COMPILER ${CMAKE_CURRENT_LIST_DIR}/cc)
set(CMAKE_CXX_COMPILER ${CMAKE_CURRENT_LIST_DIR}/c++)
set(CMAKE_AR ${CMAKE_CURRENT_LIST_DIR}/ar CACHE FILEPATH "zig ar (reads LLVM bitcode of LTO objects)")
set(CMAKE_RANLIB ${CMAKE_CURRENT_LIST_DIR}/ranlib CACHE FILEPATH "zig ranlib")
# Only zig's glibc 2.28 headers may be seen: the system's Boost.JSON would add -isystem /usr/include
# (glibc 2.36 headers), so the vendored Boost headers are used instead.
set(RUVECTOR_BOOST_INCLUDE_DIR ${CMAKE_CURRENT_LIST_DIR}/../../vendor/boost/include CACHE PATH "vendored Boost.JSON")
# nanobind 3.1's headers use stderr/fprintf without <cstdio>; libstdc++ includes it transitively,
# zig's libc++ does not.
set(CMAKE_CXX_FLAGS_INIT "-include stdio.h")
# ccache (top CMakeLists.txt) identifies a compiler by its mtime by default: the wrapper's mtime is
# when this checkout was made, so no other checkout's objects would ever be reused. Identify it
# instead by zig's version and the wrapper's content (which holds the -target flags).
execute_process(COMMAND ${CMAKE_CURRENT_LIST_DIR}/zig-tool version OUTPUT_VARIABLE _zig_version
                OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _zig_status)
file(SHA256 ${CMAKE_CURRENT_LIST_DIR}/zig-tool _zig_tool_sha)
if(_zig_status EQUAL 0)
  set(RUVECTOR_CCACHE_COMPILERCHECK "string:zig-${_zig_version}-${_zig_tool_sha}")
endif()
