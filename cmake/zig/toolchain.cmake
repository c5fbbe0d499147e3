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
