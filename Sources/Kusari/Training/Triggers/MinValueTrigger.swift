// Chainer's `triggers.MinValueTrigger`.

/// Fires when the mean of `key` over a period of `trigger` is the smallest so far (for
/// example, to snapshot the model with the lowest validation loss).
/// Chainer: `MinValueTrigger(key, trigger=(1, 'epoch'))`.
public final class MinValueTrigger: BestValueTrigger {
    public init(key: String, trigger: Interval = .epochs(1)) {
        super.init(key: key, trigger: trigger) { best, new in new < best }
    }
}
