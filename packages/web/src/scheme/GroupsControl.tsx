import { useState } from 'react';
import { App as AntApp, Alert, Button, Form, Modal, Select, Space, Tooltip } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { addableGroups, addGroup, removeGroup, removeRefusal, type CountyGroupLike } from './groups';

type Doc = Parameters<typeof addGroup>[0];

/**
 * 添加考核类别 / 移除此类别 in the editor's tab bar (issue 15): any of the county's groups in use can join the draft;
 * the open group's tab can leave it while it has no indicators. The reasons are said, not just a disabled button.
 */
export function GroupsControl<D extends Doc>({
  doc,
  activeGroup,
  county,
  size,
  update,
  onAdded,
  onRemoved,
}: {
  doc: D;
  /** The group of the open tab, if a group tab is open. */
  activeGroup: string | null;
  county: readonly CountyGroupLike[];
  size?: 'small' | 'middle';
  update: (fn: (d: D) => void) => void;
  onAdded: (code: string) => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ code: string }>();
  const choices = addableGroups(doc, county);
  const active = activeGroup ? doc.engine.groups.find((g) => g.id === activeGroup) : undefined;
  const activeName = active ? (active.name ?? county.find((c) => c.code === active.id)?.name ?? active.id) : '';
  const refusal = active ? removeRefusal(doc, active.id) : null;
  const refusalText = !refusal
    ? null
    : refusal.reason === 'lastOne'
      ? t('editor.groupsEdit.lastOne')
      : refusal.reason === 'inUse'
        ? t('editor.groupsEdit.inUse', { name: activeName, count: refusal.count })
        : t('editor.groupsEdit.raterOnly', { name: activeName, rater: refusal.rater });

  const remove = () => {
    if (!active) return;
    if (refusalText) {
      void message.warning(refusalText);
      return;
    }
    modal.confirm({
      title: t('editor.groupsEdit.removeConfirm', { name: activeName }),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'scheme-group-remove-ok' } as Record<string, string>,
      onOk: () => {
        update((d) => removeGroup(d, active.id));
        onRemoved();
        void message.success(t('editor.groupsEdit.removed', { name: activeName }));
      },
    });
  };

  return (
    <Space size={4}>
      <Button size={size} icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="scheme-group-add">
        {t('editor.groupsEdit.add')}
      </Button>
      {active && (
        <Tooltip title={refusalText ?? undefined}>
          <Button
            size={size}
            icon={<DeleteOutlined />}
            onClick={remove}
            data-testid={`scheme-group-remove-${active.id}`}
            aria-disabled={refusalText ? true : undefined}
            style={refusalText ? { opacity: 0.6 } : undefined}
          >
            {t('editor.groupsEdit.remove')}
          </Button>
        </Tooltip>
      )}
      <Modal
        open={adding}
        title={t('editor.groupsEdit.addTitle')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{
          disabled: choices.length === 0,
          ...({ 'data-testid': 'scheme-group-add-ok' } as Record<string, string>),
        }}
        destroyOnHidden
      >
        {choices.length === 0 ? (
          <Alert type="info" showIcon title={t('editor.groupsEdit.noneLeft')} data-testid="scheme-group-none-left" />
        ) : (
          <Form
            form={form}
            layout="vertical"
            onFinish={({ code }) => {
              const g = choices.find((c) => c.code === code);
              if (!g) return;
              update((d) => addGroup(d, g));
              setAdding(false);
              form.resetFields();
              void message.success(t('editor.groupsEdit.added', { name: g.name }));
              onAdded(g.code);
            }}
          >
            <Form.Item
              name="code"
              label={t('editor.groupsEdit.pick')}
              rules={[{ required: true, message: t('editor.groupsEdit.pickRequired') }]}
            >
              <Select
                data-testid="scheme-group-add-select"
                options={choices.map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
              />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Space>
  );
}
