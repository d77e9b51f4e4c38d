// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "previewembedfocus.h"

#include "previewremote.h"

#include <QAbstractNativeEventFilter>
#include <QApplication>
#include <QGuiApplication>
#include <QWidget>

#include <xcb/xcb.h>

#include <cstdlib>
#include <memory>

namespace Sandcastle::Ui {

namespace {

// XEMBED protocol messages (freedesktop.org XEMBED spec, data32[1]).
constexpr quint32 kXEmbedFocusIn = 4;
constexpr quint32 kXEmbedRequestFocus = 3;
constexpr quint32 kXEmbedFocusCurrent = 0;

template<typename T>
using Reply = std::unique_ptr<T, decltype(&std::free)>;

/// A child of the application object: deleted with it, and its base's destructor takes it off
/// the event dispatcher.
class EmbedFocusFilter : public QObject, public QAbstractNativeEventFilter
{
    Q_OBJECT
public:
    EmbedFocusFilter(xcb_connection_t *connection, QObject *application)
        : QObject(application)
        , m_connection(connection)
    {
        const char name[] = "_XEMBED";
        Reply<xcb_intern_atom_reply_t> atom(
            xcb_intern_atom_reply(m_connection, xcb_intern_atom(m_connection, 0, sizeof(name) - 1, name), nullptr),
            &std::free);
        m_xembed = atom ? atom->atom : xcb_atom_t(XCB_ATOM_NONE);
    }

    bool nativeEventFilter(const QByteArray &eventType, void *message, qintptr *result) override
    {
        Q_UNUSED(result)
        if (eventType != "xcb_generic_event_t" || m_xembed == XCB_ATOM_NONE) {
            return false;
        }
        const auto *event = static_cast<const xcb_generic_event_t *>(message);
        if ((event->response_type & 0x7f) != XCB_CLIENT_MESSAGE) {
            return false;
        }
        const auto *client = reinterpret_cast<const xcb_client_message_event_t *>(event);
        if (client->type != m_xembed || client->format != 32 || client->data.data32[1] != kXEmbedRequestFocus) {
            return false;
        }
        // Only for a window that holds a host's surface, and only to the windows inside it.
        const auto *surface = qobject_cast<RemoteSurface *>(QWidget::find(client->window));
        if (surface == nullptr) {
            return false;
        }
        focusChildrenOf(client->window, client->data.data32[0]);
        return true;
    }

private:
    void focusChildrenOf(xcb_window_t holder, xcb_timestamp_t time)
    {
        Reply<xcb_query_tree_reply_t> tree(
            xcb_query_tree_reply(m_connection, xcb_query_tree(m_connection, holder), nullptr), &std::free);
        if (!tree || xcb_query_tree_children_length(tree.get()) < 1) {
            return;
        }
        const xcb_window_t child = xcb_query_tree_children(tree.get())[0];
        xcb_set_input_focus(m_connection, XCB_INPUT_FOCUS_PARENT, child, time);
        xcb_client_message_event_t focusIn{};
        focusIn.response_type = XCB_CLIENT_MESSAGE;
        focusIn.format = 32;
        focusIn.window = child;
        focusIn.type = m_xembed;
        focusIn.data.data32[0] = time;
        focusIn.data.data32[1] = kXEmbedFocusIn;
        focusIn.data.data32[2] = kXEmbedFocusCurrent;
        xcb_send_event(m_connection, 0, child, XCB_EVENT_MASK_NO_EVENT, reinterpret_cast<const char *>(&focusIn));
        xcb_flush(m_connection);
    }

    xcb_connection_t *m_connection;
    xcb_atom_t m_xembed = XCB_ATOM_NONE;
};

} // namespace

void installEmbedFocusHandler()
{
    auto *x11 = qGuiApp != nullptr ? qGuiApp->nativeInterface<QNativeInterface::QX11Application>() : nullptr;
    if (x11 == nullptr || x11->connection() == nullptr ||
        qGuiApp->findChild<EmbedFocusFilter *>(QString(), Qt::FindDirectChildrenOnly) != nullptr) {
        return;
    }
    // Lives as long as the application: the event dispatcher may call it until the end.
    qGuiApp->installNativeEventFilter(new EmbedFocusFilter(x11->connection(), qGuiApp));
}

} // namespace Sandcastle::Ui

#include "previewembedfocus.moc"
