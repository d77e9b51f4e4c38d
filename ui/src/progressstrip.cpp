// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "progressstrip.h"

#include "namedwidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>

namespace Sandcastle::Ui {

using Internal::named;

namespace {
constexpr int kBarSteps = 1000;
} // namespace

ProgressStrip::ProgressStrip(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("progressStrip"));
    m_phase = named(new QLabel(this), "progressPhaseLabel", tr("Running step"));
    m_bar = named(new QProgressBar(this), "progressBar", tr("Progress of the running step"));
    m_bar->setTextVisible(false);
    m_counts = named(new QLabel(this), "progressCountsLabel", tr("Progress counts"));
    m_counts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel = named(new QPushButton(tr("Cancel"), this), "progressCancelButton", tr("Cancel the running step"));
    m_cancel->setToolTip(tr("Stop this step and end the run as cancelled; nothing half-written is kept"));
    connect(m_cancel, &QPushButton::clicked, this, &ProgressStrip::cancelRequested);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_phase);
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_counts);
    layout->addWidget(m_cancel);
    setVisible(false);
}

QString ProgressStrip::phaseText(Core::PreparationPhase phase)
{
    switch (phase) {
    case Core::PreparationPhase::Materializing:
        return tr("Materializing the workspace");
    case Core::PreparationPhase::Sandbox:
        return tr("Preparing the sandbox");
    case Core::PreparationPhase::Snapshotting:
        return tr("Snapshotting the workspace");
    case Core::PreparationPhase::Idle:
        break;
    }
    return {};
}

QString ProgressStrip::countsText(const Core::PreparationProgress &progress)
{
    const QLocale locale;
    const QString bytes = locale.formattedDataSize(progress.bytes, 1, QLocale::DataSizeIecFormat);
    const QString done = locale.toString(progress.done);
    const QString total = locale.toString(progress.total);
    switch (progress.phase) {
    case Core::PreparationPhase::Materializing:
        return progress.isIndeterminate() ? tr("counting the entries\u2026")
                                          : tr("%1 / %2 entries, %3").arg(done, total, bytes);
    case Core::PreparationPhase::Snapshotting:
        return progress.isIndeterminate() ? tr("%1 files scanned, %2 stored").arg(done, bytes)
                                          : tr("%1 / %2 files, %3 stored").arg(done, total, bytes);
    case Core::PreparationPhase::Sandbox:
        return progress.detail;
    case Core::PreparationPhase::Idle:
        break;
    }
    return {};
}

void ProgressStrip::setProgress(const Core::PreparationProgress &progress)
{
    if (progress.isIdle()) {
        setVisible(false);
        return;
    }
    m_phase->setText(phaseText(progress.phase));
    m_counts->setText(countsText(progress));
    m_counts->setToolTip(progress.detail);
    if (progress.isIndeterminate() || progress.total == 0) {
        m_bar->setRange(0, 0); // busy
    } else {
        m_bar->setRange(0, kBarSteps);
        m_bar->setValue(int(std::min(progress.done, progress.total) * kBarSteps / progress.total));
    }
    m_bar->setAccessibleDescription(m_counts->text());
    setVisible(true);
}

} // namespace Sandcastle::Ui
