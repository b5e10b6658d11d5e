import type { ThemeConfig } from 'antd';

export const FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif";

/** 政务蓝 primary with a restrained palette; red is kept for errors and the emblem accent. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1a4fa0',
    colorInfo: '#1a4fa0',
    colorLink: '#1a4fa0',
    borderRadius: 6,
    fontFamily: FONT_FAMILY,
    colorBgLayout: '#f3f5f9',
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#0f2a54', headerHeight: 56, headerPadding: '0 20px' },
    Menu: {
      darkItemBg: '#0f2a54',
      darkSubMenuItemBg: '#0b2246',
      darkItemSelectedBg: '#1a4fa0',
      itemHeight: 44,
    },
    Card: { headerFontSize: 15 },
    Table: { headerBg: '#f5f7fb' },
  },
};
