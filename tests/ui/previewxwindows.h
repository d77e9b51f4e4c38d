// SPDX-FileCopyrightText: 2026 Sandcastle contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The preview host's windows as the X server sees them (separate preview process, xcb only):
// where they are, a real click into them, who has the keyboard. Tests linking PkgConfig::XCB.

#include <QGuiApplication>
#include <QList>
#include <QPoint>
#include <QRect>
#include <QTest>
#include <QWidget>

#include <xcb/xcb.h>
#include <xcb/xtest.h>

#include <cstdlib>
#include <memory>

namespace Sandcastle::Test::Preview {

inline xcb_connection_t *xConnection()
{
    auto *x11 = qGuiApp->nativeInterface<QNativeInterface::QX11Application>();
    return x11 != nullptr ? x11->connection() : nullptr;
}

struct XWindow
{
    xcb_window_t id = 0;
    QRect geometry; ///< relative to its parent
    bool viewable = false;
};

/// The windows of other X clients that are children of `parent` in the X server's tree.
inline QList<XWindow> foreignChildren(WId parent)
{
    xcb_connection_t *connection = xConnection();
    if (connection == nullptr) {
        return {};
    }
    const xcb_setup_t *setup = xcb_get_setup(connection);
    QList<XWindow> found;
    std::unique_ptr<xcb_query_tree_reply_t, decltype(&std::free)> tree(
        xcb_query_tree_reply(connection, xcb_query_tree(connection, static_cast<xcb_window_t>(parent)), nullptr),
        &std::free);
    if (!tree) {
        return {};
    }
    const xcb_window_t *children = xcb_query_tree_children(tree.get());
    for (int i = 0; i < xcb_query_tree_children_length(tree.get()); ++i) {
        // Our ids are resource_id_base | (n & resource_id_mask).
        if ((children[i] & ~setup->resource_id_mask) == setup->resource_id_base) {
            continue;
        }
        std::unique_ptr<xcb_get_geometry_reply_t, decltype(&std::free)> geometry(
            xcb_get_geometry_reply(connection, xcb_get_geometry(connection, children[i]), nullptr), &std::free);
        std::unique_ptr<xcb_get_window_attributes_reply_t, decltype(&std::free)> attributes(
            xcb_get_window_attributes_reply(connection, xcb_get_window_attributes(connection, children[i]), nullptr),
            &std::free);
        if (geometry && attributes) {
            found.append({children[i], QRect(geometry->x, geometry->y, geometry->width, geometry->height),
                          attributes->map_state == XCB_MAP_STATE_VIEWABLE});
        }
    }
    return found;
}

/// Whether exactly one window of another client (the host's view) is mapped inside `surface`'s
/// native window and covers it.
inline bool hostWindowFills(QWidget *surface)
{
    const QList<XWindow> windows = foreignChildren(surface->internalWinId());
    return windows.size() == 1 && windows.first().viewable &&
           windows.first().geometry == QRect(QPoint(0, 0), surface->size() * surface->devicePixelRatio());
}

/// Moves the X pointer to `pos` in `surface`'s coordinates (the X server sends the windows there
/// their crossing and motion events, as for a user's mouse).
inline void movePointer(QWidget *surface, QPoint pos)
{
    xcb_connection_t *connection = xConnection();
    const xcb_window_t root = xcb_setup_roots_iterator(xcb_get_setup(connection)).data->root;
    const QPoint global = surface->mapToGlobal(pos);
    xcb_warp_pointer(connection, XCB_NONE, root, 0, 0, 0, 0, static_cast<int16_t>(global.x()),
                     static_cast<int16_t>(global.y()));
    xcb_flush(connection);
}

/// A left click at `pos` (in `surface`'s coordinates) delivered by the X server to the host's
/// window in `surface`, as a real click would be (the host's Qt and WebEngine treat it as one).
inline bool clickHostWindow(QWidget *surface, QPoint pos)
{
    xcb_connection_t *connection = xConnection();
    const QList<XWindow> windows = foreignChildren(surface->internalWinId());
    if (connection == nullptr || windows.size() != 1) {
        return false;
    }
    // The pointer really goes there first, as a user's does.
    movePointer(surface, pos);
    QTest::qWait(100);
    // Through XTEST: the X server makes the events, with its own timestamps and state, exactly
    // as for a real mouse (an event made up here with xcb_send_event is not: WebEngine drops
    // such a click when it takes the keyboard).
    for (const auto type : {XCB_BUTTON_PRESS, XCB_BUTTON_RELEASE}) {
        xcb_test_fake_input(connection, type, 1, XCB_CURRENT_TIME, XCB_NONE, 0, 0, XCB_NONE);
    }
    xcb_flush(connection);
    return true;
}

/// The keycode the X server's keyboard map gives `keysym` (unshifted), or 0.
inline xcb_keycode_t keycodeOf(xcb_keysym_t keysym)
{
    xcb_connection_t *connection = xConnection();
    const xcb_setup_t *setup = xcb_get_setup(connection);
    const int count = setup->max_keycode - setup->min_keycode + 1;
    std::unique_ptr<xcb_get_keyboard_mapping_reply_t, decltype(&std::free)> map(
        xcb_get_keyboard_mapping_reply(
            connection, xcb_get_keyboard_mapping(connection, setup->min_keycode, static_cast<uint8_t>(count)), nullptr),
        &std::free);
    if (!map || map->keysyms_per_keycode == 0) {
        return 0;
    }
    const xcb_keysym_t *syms = xcb_get_keyboard_mapping_keysyms(map.get());
    for (int i = 0; i < count; ++i) {
        if (syms[i * map->keysyms_per_keycode] == keysym) {
            return static_cast<xcb_keycode_t>(setup->min_keycode + i);
        }
    }
    return 0;
}

/// A key press and release of `keysym`, with Control held when `control`, made by the X server
/// (XTEST) for the window that has the keyboard: the host's window in `surface` after a click.
inline bool pressKeyInHostWindow(QWidget *surface, xcb_keysym_t keysym, bool control = false)
{
    xcb_connection_t *connection = xConnection();
    const xcb_keycode_t keycode = keycodeOf(keysym);
    const xcb_keycode_t controlKey = keycodeOf(0xffe3); // Control_L
    if (connection == nullptr || foreignChildren(surface->internalWinId()).size() != 1 || keycode == 0 ||
        controlKey == 0) {
        return false;
    }
    const auto fake = [connection](uint8_t type, xcb_keycode_t key) {
        xcb_test_fake_input(connection, type, key, XCB_CURRENT_TIME, XCB_NONE, 0, 0, XCB_NONE);
    };
    if (control) {
        fake(XCB_KEY_PRESS, controlKey);
    }
    fake(XCB_KEY_PRESS, keycode);
    fake(XCB_KEY_RELEASE, keycode);
    if (control) {
        fake(XCB_KEY_RELEASE, controlKey);
    }
    xcb_flush(connection);
    return true;
}

/// The window that has the X server's input focus.
inline xcb_window_t inputFocus()
{
    xcb_connection_t *connection = xConnection();
    std::unique_ptr<xcb_get_input_focus_reply_t, decltype(&std::free)> focus(
        xcb_get_input_focus_reply(connection, xcb_get_input_focus(connection), nullptr), &std::free);
    return focus ? focus->focus : XCB_NONE;
}

} // namespace Sandcastle::Test::Preview
