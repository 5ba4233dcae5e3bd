# SPDX-License-Identifier: MIT
# Install rules (included by CMakeLists.txt when NXDTLS_INSTALL is on):
#   include/nxdtls/        every public header of include/ (NetX names and nxdtls.h), so that a NetX
#                          application keeps writing #include "nx_api.h" with -I PREFIX/include/nxdtls
#   lib/libnxdtls.so.*     the shared library (SONAME libnxdtls.so.MAJOR) and lib/libnxdtls.a
#   lib/pkgconfig/nxdtls.pc
#   lib/cmake/nxdtls/      the CMake package: find_package(nxdtls) gives nxdtls::nxdtls (shared) and
#                          nxdtls::nxdtls_static
#   bin/nxdtls, share/man/man1/nxdtls.1, share/doc/nxdtls/ (README, LICENSE, CHANGELOG, docs)
include(CMakePackageConfigHelpers)

set(NXDTLS_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR}/nxdtls)
set(NXDTLS_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/nxdtls)

# A glob of the directory, not a list: every header added to include/ is installed.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${NXDTLS_INSTALL_INCLUDEDIR}
        COMPONENT development FILES_MATCHING PATTERN "*.h")

set_target_properties(nxdtls_shared PROPERTIES EXPORT_NAME nxdtls)
set_target_properties(nxdtls_static PROPERTIES EXPORT_NAME nxdtls_static)
install(TARGETS nxdtls_shared nxdtls_static EXPORT nxdtlsTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(EXPORT nxdtlsTargets NAMESPACE nxdtls:: DESTINATION ${NXDTLS_INSTALL_CMAKEDIR}
        COMPONENT development)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/nxdtlsConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/nxdtlsConfig.cmake
                              INSTALL_DESTINATION ${NXDTLS_INSTALL_CMAKEDIR})
# 0.x: a new minor version may change the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/nxdtlsConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/nxdtlsConfig.cmake ${PROJECT_BINARY_DIR}/nxdtlsConfigVersion.cmake
        DESTINATION ${NXDTLS_INSTALL_CMAKEDIR} COMPONENT development)

# nxdtls.pc is written at install time, so that it names the prefix actually installed to
# (`cmake --install build --prefix P` may differ from CMAKE_INSTALL_PREFIX at configure time).
install(CODE "
  set(NXDTLS_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  if(IS_ABSOLUTE \"${CMAKE_INSTALL_LIBDIR}\")
    set(NXDTLS_PC_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  else()
    set(NXDTLS_PC_LIBDIR \"\\\${prefix}/${CMAKE_INSTALL_LIBDIR}\")
  endif()
  if(IS_ABSOLUTE \"${CMAKE_INSTALL_INCLUDEDIR}\")
    set(NXDTLS_PC_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  else()
    set(NXDTLS_PC_INCLUDEDIR \"\\\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}\")
  endif()
  set(NXDTLS_PC_VERSION \"${PROJECT_VERSION}\")
  configure_file(\"${PROJECT_SOURCE_DIR}/cmake/nxdtls.pc.in\" \"${PROJECT_BINARY_DIR}/pkgconfig/nxdtls.pc\" @ONLY)
" COMPONENT development)
install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/nxdtls.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
        COMPONENT development)

if(TARGET nxdtls)
  install(TARGETS nxdtls RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT tool)
  install(FILES ${PROJECT_SOURCE_DIR}/docs/nxdtls.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT tool)
endif()

foreach(doc README.md LICENSE CHANGELOG.md)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${doc})
    install(FILES ${PROJECT_SOURCE_DIR}/${doc} DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT development)
  endif()
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        COMPONENT development FILES_MATCHING PATTERN "*.md")
