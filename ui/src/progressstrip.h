// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sandcastle/core/runner/preparationprogress.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace Sandcastle::Ui {

/// The run panel's progress strip for the long steps of a run (Core::PreparationProgress):
/// the phase's name, a bar with counts ("312 / 1,000 entries, 48.0 MiB"; a busy bar when the
/// amount is unknown, as for Docker's image check and container creation) and Cancel. Hidden
/// while no step runs.
class ProgressStrip : public QWidget
{
    Q_OBJECT
public:
    explicit ProgressStrip(QWidget *parent = nullptr);

    void setProgress(const Core::PreparationProgress &progress);

    /// The counts as shown, e.g. "312 / 1,000 entries, 48.0 MiB" (in the UI language).
    [[nodiscard]] static QString countsText(const Core::PreparationProgress &progress);
    [[nodiscard]] static QString phaseText(Core::PreparationPhase phase);

Q_SIGNALS:
    /// Cancel was clicked.
    void cancelRequested();

private:
    QLabel *m_phase = nullptr;
    QProgressBar *m_bar = nullptr;
    QLabel *m_counts = nullptr;
    QPushButton *m_cancel = nullptr;
};

} // namespace Sandcastle::Ui
