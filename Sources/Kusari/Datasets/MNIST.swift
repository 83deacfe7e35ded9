// getMNIST and getFashionMNIST: Chainer's `datasets.get_mnist` and `get_fashion_mnist`.
import Foundation

/// The MNIST handwritten digits (LeCun et al.): 60,000 training and 10,000 test images of
/// 28×28 grey pixels with labels 0–9. Chainer's `get_mnist` with its arguments and defaults.
///
/// - Parameters:
///   - withLabel: examples are `[image, label]`; `false` gives `[image]` alone.
///   - ndim: the image shape: 1 → (784,), 2 → (28, 28), 3 → (1, 28, 28).
///   - scale: pixels map from 0...255 to 0...scale as Chainer's `images *= scale / 255.`:
///     the factor `scale / 255` is rounded to `dtype` first and each pixel multiplied by it,
///     so float32 values equal Chainer's bit for bit. The images stay bytes in memory and
///     are scaled as examples and batches are read (`ScaledImageColumn`), a quarter of
///     float32's memory; `arrays` builds the float arrays in full.
///   - dtype: the image dtype, float32 (Chainer's default) or float64.
///   - labelDType: the label dtype, int32 as in Chainer.
///   - rgbFormat: with `ndim` 3, images are (3, 28, 28), the grey channel repeated.
///   - root: the dataset root; default `KUSARI_DATASET_ROOT`, else `~/.kusari/dataset`. The
///     files live in its `mnist/` folder.
///   - baseURL: where to download missing files; default `KUSARI_MNIST_URL`, else
///     https://ossci-datasets.s3.amazonaws.com/mnist/ then http://yann.lecun.com/exdb/mnist/.
///   - showProgress: print a download progress line on stderr.
/// - Throws: `DatasetError` for bad arguments, damaged files, or when no source gives the
///   files (the message says how to provide them offline).
public func getMNIST(
    withLabel: Bool = true, ndim: Int = 1, scale: Double = 1, dtype: DType = .float32, labelDType: DType = .int32,
    rgbFormat: Bool = false, root: URL? = nil, baseURL: URL? = nil, showProgress: Bool = true
) throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
    try loadMNISTStyle(.mnist, function: "getMNIST", withLabel: withLabel, ndim: ndim, scale: scale, dtype: dtype,
                       labelDType: labelDType, rgbFormat: rgbFormat, root: root, baseURL: baseURL, showProgress: showProgress)
}

/// Zalando's Fashion-MNIST: 60,000 + 10,000 28×28 grey images of clothing in ten classes,
/// laid out as MNIST. Chainer's `get_fashion_mnist`; the arguments are `getMNIST`'s.
///
/// The files are looked for in `<root>/fashion-mnist/`, then in
/// `/usr/share/datasets/fashion-mnist/` (Debian's `dataset-fashion-mnist`), then downloaded
/// from `baseURL`, else `KUSARI_FASHION_MNIST_URL`, else
/// http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/.
public func getFashionMNIST(
    withLabel: Bool = true, ndim: Int = 1, scale: Double = 1, dtype: DType = .float32, labelDType: DType = .int32,
    rgbFormat: Bool = false, root: URL? = nil, baseURL: URL? = nil, showProgress: Bool = true
) throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
    try loadMNISTStyle(.fashionMNIST, function: "getFashionMNIST", withLabel: withLabel, ndim: ndim, scale: scale,
                       dtype: dtype, labelDType: labelDType, rgbFormat: rgbFormat, root: root, baseURL: baseURL,
                       showProgress: showProgress)
}

func loadMNISTStyle(
    _ store: MNISTStore, function: String, withLabel: Bool, ndim: Int, scale: Double, dtype: DType, labelDType: DType,
    rgbFormat: Bool, root: URL?, baseURL: URL?, showProgress: Bool
) throws(DatasetError) -> (train: TupleDataset, test: TupleDataset) {
    guard (1...3).contains(ndim) else {
        throw .invalidArgument(function: function, reason: "ndim must be 1, 2 or 3, got \(ndim)")
    }
    guard dtype.isFloatingPoint else {
        throw .invalidArgument(function: function, reason: "dtype must be float32 or float64, got \(dtype)")
    }
    // Chainer's shapes per ndim; rgbFormat repeats the grey channel three times.
    let imageShape = switch ndim {
    case 1: [784]
    case 2: [28, 28]
    default: [rgbFormat ? 3 : 1, 28, 28]
    }
    return try store.load(root: root, baseURL: baseURL, showProgress: showProgress) { pixels, labels in
        let images = ScaledImageColumn(pixels: pixels, scale: scale, dtype: dtype, rowShape: imageShape)
        let columns: [any DatasetColumn] = withLabel ? [images, labels.astype(labelDType)] : [images]
        return TupleDataset(columns: columns)
    }
}
