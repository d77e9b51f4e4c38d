// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace Sandcastle::Core {

/// The mount entry types the manifest parser accepts (spec 1.2.1): s3_mount, gcs_mount, r2_mount,
/// azure_blob_mount, box_mount, s3_files_mount, local_bind_mount.
[[nodiscard]] const QStringList &manifestMountTypes();
/// The fields of mount `type` besides the common ones (mount_path, read_only, mount_strategy):
/// e.g. bucket, region, ... for s3_mount, src for local_bind_mount; empty for other types.
[[nodiscard]] QStringList manifestMountFieldNames(const QString &type);

} // namespace Sandcastle::Core
